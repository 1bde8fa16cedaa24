namespace AspNetCore.WeChatSecurity.Text;

/// <summary>Checks the chunks of a long text with bounded parallelism and combines their verdicts.</summary>
internal static class ChunkVerdicts
{
    /// <summary>
    /// Risky if any chunk is risky, else review if any is, else pass; the verdict carries the label and trace id of
    /// the chunk that decided it, and comes from the cache only when every chunk's did. No new chunk is started once
    /// one is risky or has failed, since the outcome is then known.
    /// </summary>
    public static async ValueTask<WeChatVerdict> CheckAllAsync(
        IReadOnlyList<string> chunks,
        int maxParallelism,
        Func<string, CancellationToken, ValueTask<WeChatVerdict>> check,
        CancellationToken cancellationToken)
    {
        var verdicts = new WeChatVerdict?[chunks.Count];
        var next = -1;
        var stop = false;

        async Task WorkAsync()
        {
            while (!Volatile.Read(ref stop))
            {
                var index = Interlocked.Increment(ref next);
                if (index >= chunks.Count)
                {
                    return;
                }

                try
                {
                    var verdict = await check(chunks[index], cancellationToken);
                    verdicts[index] = verdict;
                    if (verdict.Suggestion == WeChatSuggestion.Risky)
                    {
                        Volatile.Write(ref stop, true);
                    }
                }
                catch
                {
                    Volatile.Write(ref stop, true);
                    throw;
                }
            }
        }

        var workers = new Task[Math.Clamp(maxParallelism, 1, chunks.Count)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync();
        }

        await Task.WhenAll(workers);
        return Combine(verdicts);
    }

    private static WeChatVerdict Combine(WeChatVerdict?[] verdicts)
    {
        WeChatVerdict? deciding = null;
        var allFromCache = true;
        foreach (var verdict in verdicts)
        {
            if (verdict is null)
            {
                continue;
            }

            allFromCache &= verdict.FromCache;

            // WeChatSuggestion is ordered by severity: pass, review, risky.
            if (deciding is null || verdict.Suggestion > deciding.Suggestion)
            {
                deciding = verdict;
            }
        }

        return deciding! with { FromCache = allFromCache };
    }
}
