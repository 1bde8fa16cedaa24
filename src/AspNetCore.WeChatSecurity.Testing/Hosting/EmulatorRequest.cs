namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>A request as both front ends (in-process handler, loopback server) hand it to the one processing core.</summary>
internal sealed record EmulatorRequest(string Method, string Path, string QueryString, string? ContentType, byte[] Body);
