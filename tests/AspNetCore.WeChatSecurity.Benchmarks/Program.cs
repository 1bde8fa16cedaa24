using System.Globalization;
using AspNetCore.WeChatSecurity.Benchmarks.Filters;
using AspNetCore.WeChatSecurity.Benchmarks.Images;

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

        if (args.Length > 0 && args[0] == "--hit-cost")
        {
            HitCost.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40);
            return;
        }

        if (args.Length > 0 && args[0] == "--resize-load")
        {
            ConcurrentUploadLoad.Run(
                args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16,
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount);
            return;
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
