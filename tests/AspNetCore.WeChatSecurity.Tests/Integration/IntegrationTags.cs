namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>A body carrying many texts in one checked field: what the per-request limit on checks is for.</summary>
public sealed class IntegrationTags
{
    public List<string>? Tags { get; set; }
}
