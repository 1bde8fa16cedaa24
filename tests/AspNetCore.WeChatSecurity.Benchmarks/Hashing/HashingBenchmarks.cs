using System.Security.Cryptography;
using AspNetCore.WeChatSecurity.Hashing;
using BenchmarkDotNet.Attributes;

namespace AspNetCore.WeChatSecurity.Benchmarks.Hashing;

/// <summary>The verdict cache keys on XXH3; SHA-256 is what a cache key would cost without it.</summary>
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private readonly byte[] _digest = new byte[SHA256.HashSizeInBytes];
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
    public ulong XxHash3_64() => XxHash3.HashToUInt64(_data);

    [Benchmark]
    public UInt128 XxHash3_128() => XxHash128.HashToUInt128(_data);
}
