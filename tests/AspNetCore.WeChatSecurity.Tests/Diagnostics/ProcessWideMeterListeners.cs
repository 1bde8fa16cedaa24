namespace AspNetCore.WeChatSecurity.Tests.Diagnostics;

/// <summary>Tests that listen to the library's meter process-wide, as OpenTelemetry's SDK does: run after the others, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeterListeners
{
    public const string Name = "OpenTelemetry, alone";
}
