using System.Security.Cryptography;
using AspNetCore.WeChatSecurity.Verdicts;
using BenchmarkDotNet.Attributes;

namespace AspNetCore.WeChatSecurity.Benchmarks.Verdicts;

/// <summary>
/// What a cache hit pays to find its verdict: the seeded XXH3-128 key of the content (with an AppSecret), and the
/// SHA-256-based key used without one (only the public AppId to derive from). SHA-256 alone is the baseline.
/// </summary>
[MemoryDiagnoser]
public class VerdictKeyBenchmarks
{
    private readonly byte[] _digest = new byte[SHA256.HashSizeInBytes];
    private readonly VerdictKeyFactory _keys = new(new WeChatSecurityOptions { AppSecret = "benchmark" });
    private readonly VerdictKeyFactory _appIdKeys = new(new WeChatSecurityOptions { AppId = "wx-benchmark", TokenSource = WeChatTokenSource.External });
    private byte[] _data = [];

    [Params(64, 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true)]
    public int Sha256() => SHA256.HashData(_data, _digest);

    [Benchmark]
    public UInt128 VerdictKey() => _keys.ForImage(_data).Hash;

    [Benchmark]
    public UInt128 AppIdOnlyKey() => _appIdKeys.ForImage(_data).Hash;
}
