namespace AspNetCore.WeChatSecurity.Testing.Faults;

internal sealed class FaultRule(WeChatEmulatorFault fault, WeChatEmulatorEndpoint? endpoint, int remaining, double fraction)
{
    public WeChatEmulatorFault Fault { get; } = fault;

    public WeChatEmulatorEndpoint? Endpoint { get; } = endpoint;

    /// <summary>Calls left for a "next N calls" rule; unused by fraction rules.</summary>
    public int Remaining { get; set; } = remaining;

    /// <summary>The share of calls hit by a fraction rule; 0 for a "next N calls" rule.</summary>
    public double Fraction { get; } = fraction;

    public bool Matches(WeChatEmulatorEndpoint endpoint) => Endpoint is null || Endpoint == endpoint;
}
