namespace AspNetCore.WeChatSecurity.Testing.Faults;

/// <summary>
/// Picks the fault, if any, for a call: "next N calls" rules first, in the order they were added, then fraction rules,
/// drawn from a seeded random source so a test run is repeatable.
/// </summary>
internal sealed class FaultInjector(int seed)
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _counted = [];
    private readonly List<FaultRule> _fractions = [];
    private Random _random = new(seed);

    public void AddCounted(WeChatEmulatorFault fault, int count, WeChatEmulatorEndpoint? endpoint)
    {
        lock (_gate)
        {
            _counted.Add(new FaultRule(fault, endpoint, count, 0));
        }
    }

    public void AddFraction(WeChatEmulatorFault fault, double fraction, WeChatEmulatorEndpoint? endpoint)
    {
        lock (_gate)
        {
            _fractions.Add(new FaultRule(fault, endpoint, 0, fraction));
        }
    }

    public WeChatEmulatorFault? Next(WeChatEmulatorEndpoint endpoint)
    {
        lock (_gate)
        {
            var counted = _counted.Find(rule => rule.Matches(endpoint));
            if (counted is not null)
            {
                if (--counted.Remaining == 0)
                {
                    _counted.Remove(counted);
                }

                return counted.Fault;
            }

            foreach (var rule in _fractions)
            {
                if (rule.Matches(endpoint) && _random.NextDouble() < rule.Fraction)
                {
                    return rule.Fault;
                }
            }

            return null;
        }
    }

    public void Clear(int newSeed)
    {
        lock (_gate)
        {
            _counted.Clear();
            _fractions.Clear();
            _random = new Random(newSeed);
        }
    }
}
