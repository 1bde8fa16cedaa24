namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>Order statistics of a handful of measurements, and an interval for a mean.</summary>
internal static class Statistics
{
    public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

    /// <summary>The <paramref name="q"/>-quantile, interpolated between the two nearest measurements.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = (int)Math.Ceiling(position);
        return sorted[below] + ((sorted[above] - sorted[below]) * (position - below));
    }

    /// <summary>The mean of the values left when the lowest and highest <paramref name="trimmed"/> fraction are set aside.</summary>
    public static double TrimmedMean(IEnumerable<double> values, double trimmed)
    {
        var sorted = values.Order().ToArray();
        var cut = (int)(sorted.Length * trimmed);
        return sorted.Length - (2 * cut) > 0 ? sorted.AsSpan(cut, sorted.Length - (2 * cut)).ToArray().Average() : double.NaN;
    }

    /// <summary>
    /// The mean of <paramref name="values"/> and its 95 % percentile bootstrap interval (10,000 resamples from a seeded
    /// generator, so that a run's figures can be recomputed exactly).
    /// </summary>
    public static (double Mean, double Low, double High) MeanWithInterval(IReadOnlyList<double> values)
    {
        const int Resamples = 10_000;
        var random = new Random(20_251_129);
        var means = new double[Resamples];
        for (var resample = 0; resample < Resamples; resample++)
        {
            var sum = 0d;
            for (var i = 0; i < values.Count; i++)
            {
                sum += values[random.Next(values.Count)];
            }

            means[resample] = sum / values.Count;
        }

        return (values.Average(), Quantile(means, 0.025), Quantile(means, 0.975));
    }
}
