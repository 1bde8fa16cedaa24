namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>A body whose text is in shapes beyond string properties: dictionary keys, a tuple, JSON kept as it came, links.</summary>
public sealed class IntegrationShapes
{
    public Dictionary<string, int>? Votes { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Tuple<string, string>? Pair { get; set; }

    public object? Extra { get; set; }

    public List<Uri>? Mirrors { get; set; }

    public Uri? Homepage { get; set; }
}
