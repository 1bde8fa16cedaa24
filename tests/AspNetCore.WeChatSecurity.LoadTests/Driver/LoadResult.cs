using System.Globalization;

namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>What one run of requests took, and how they were answered: by HTTP status, 0 for no answer at all.</summary>
internal sealed record LoadResult(int Requests, TimeSpan Elapsed, IReadOnlyDictionary<int, int> Statuses)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public int Count(int status) => Statuses.GetValueOrDefault(status);

    public string DescribeStatuses() =>
        string.Join(", ", Statuses.OrderBy(pair => pair.Key).Select(pair =>
            string.Create(CultureInfo.InvariantCulture, $"{(pair.Key == 0 ? "no answer" : pair.Key.ToString(CultureInfo.InvariantCulture))}: {pair.Value}")));
}
