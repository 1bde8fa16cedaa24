namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>The median and quartiles of per-round figures: a round disturbed by the machine moves them little.</summary>
internal readonly record struct Spread(double LowerQuartile, double Median, double UpperQuartile)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return new Spread(sorted[sorted.Length / 4], sorted[sorted.Length / 2], sorted[3 * sorted.Length / 4]);
    }
}
