namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// Two sides measured side by side in one process, a block of each per round, the side that goes first alternating so
/// that a steady drift in the machine's load favours neither. BenchmarkDotNet runs each benchmark in a process of its
/// own, seconds apart; on a shared machine that spread can exceed the difference being measured.
/// </summary>
internal static class AlternatingRounds
{
    public static (TSample Plain, TSample Checked)[] Run<TSample>(int rounds, Func<TSample> plain, Func<TSample> checkedSide)
    {
        var samples = new (TSample Plain, TSample Checked)[rounds];
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                var first = plain();
                samples[round] = (first, checkedSide());
            }
            else
            {
                var first = checkedSide();
                samples[round] = (plain(), first);
            }
        }

        return samples;
    }
}
