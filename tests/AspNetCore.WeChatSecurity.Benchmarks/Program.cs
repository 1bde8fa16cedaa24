using System.Globalization;
using AspNetCore.WeChatSecurity.Benchmarks.Filters;

namespace AspNetCore.WeChatSecurity.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--interleaved")
        {
            InterleavedOverhead.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40);
            return;
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
