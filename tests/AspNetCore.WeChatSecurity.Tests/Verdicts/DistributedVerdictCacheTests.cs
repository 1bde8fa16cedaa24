using AspNetCore.WeChatSecurity.Tests.Checks;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Verdicts;

public class DistributedVerdictCacheTests
{
    private static readonly WeChatCheckContext User = new() { OpenId = "o-user" };

    private readonly MemoryDistributedCache _shared = new(Options.Create(new MemoryDistributedCacheOptions()));

    [Fact]
    public async Task VerdictFromAnotherServer_ReadThroughWithoutACall()
    {
        var time = new FakeTimeProvider();
        using var serverA = new ContentSecurityHarness(time: time, distributedCache: _shared);
        using var serverB = new ContentSecurityHarness(time: time, distributedCache: _shared);
        serverA.Api.TextVerdict = _ => FakeWeChatApiClient.Review;

        await serverA.Security.CheckTextAsync("hello", User);
        var fromB = await serverB.Security.CheckTextAsync("hello", User);
        var fromBAgain = await serverB.Security.CheckTextAsync("hello", User);

        Assert.Equal(new WeChatVerdict(WeChatSuggestion.Review, 0, 21000, "trace-review", FromCache: true), fromB);
        Assert.True(fromBAgain.FromCache);
        Assert.Equal(0, serverB.Api.TextCalls);
        Assert.Contains(serverB.Logs.GetSnapshot(), e => e.Id.Name == "CacheHit" && e.Message.Contains("Distributed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpstreamVerdict_WrittenUnderAPrefixedKey()
    {
        using var server = new ContentSecurityHarness(distributedCache: _shared);
        server.Api.TextVerdict = _ => FakeWeChatApiClient.Risky;

        await server.Security.CheckTextAsync("hello", User);

        var key = server.Keys.ForText("hello", 2, WeChatScene.Comment, User);
        var bytes = await _shared.GetAsync(DistributedVerdictCache.CacheKey(key));
        Assert.NotNull(bytes);
        Assert.StartsWith(DistributedVerdictCache.KeyPrefix + "text:v2:s2:", DistributedVerdictCache.CacheKey(key), StringComparison.Ordinal);
        Assert.Equal(WeChatSuggestion.Risky, DistributedVerdictCache.Deserialize(bytes)!.Verdict.Suggestion);
    }

    [Fact]
    public async Task ServerWithAnotherAppSecret_DoesNotShareKeys()
    {
        using var serverA = new ContentSecurityHarness(distributedCache: _shared);
        using var serverB = new ContentSecurityHarness(o => o.AppSecret = "another-secret", distributedCache: _shared);

        await serverA.Security.CheckTextAsync("hello", User);
        await serverB.Security.CheckTextAsync("hello", User);

        Assert.Equal(1, serverB.Api.TextCalls);
    }

    [Fact]
    public async Task DistributedEntryPastItsExpiry_Ignored()
    {
        var timeA = new FakeTimeProvider();
        var timeB = new FakeTimeProvider(timeA.GetUtcNow() + TimeSpan.FromHours(2));
        using var serverA = new ContentSecurityHarness(time: timeA, distributedCache: _shared);
        using var serverB = new ContentSecurityHarness(time: timeB, distributedCache: _shared);

        await serverA.Security.CheckTextAsync("hello", User);
        var fromB = await serverB.Security.CheckTextAsync("hello", User);

        Assert.False(fromB.FromCache);
        Assert.Equal(1, serverB.Api.TextCalls);
    }

    [Fact]
    public async Task FailingDistributedCache_WarnsAndAsksWeChat()
    {
        using var server = new ContentSecurityHarness(distributedCache: new FailingDistributedCache());

        var first = await server.Security.CheckTextAsync("hello", User);
        var second = await server.Security.CheckTextAsync("hello", User);

        Assert.True(first.IsPass);
        Assert.True(second.FromCache);
        Assert.Equal(1, server.Api.TextCalls);
        var warnings = server.Logs.GetSnapshot().Where(e => e.Id.Name == "DistributedCacheFailed").ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.All(warnings, w => Assert.IsType<InvalidOperationException>(w.Exception));
    }

    [Fact]
    public async Task GarbageInTheDistributedCache_IgnoredAndOverwritten()
    {
        using var server = new ContentSecurityHarness(distributedCache: _shared);
        var key = DistributedVerdictCache.CacheKey(server.Keys.ForText("hello", 2, WeChatScene.Comment, User));
        await _shared.SetAsync(key, [1, 2, 3]);

        var verdict = await server.Security.CheckTextAsync("hello", User);

        Assert.False(verdict.FromCache);
        Assert.NotNull(DistributedVerdictCache.Deserialize(await _shared.GetAsync(key)));
    }

    [Fact]
    public async Task WithClaims_AServerWhoseTurnNeverComes_TakesTheVerdictAnotherStoredMeanwhile()
    {
        using var serverA = new ContentSecurityHarness(distributedCache: _shared);
        var claims = new FakeClaims(whileWaiting: () => serverA.Security.CheckTextAsync("hello", User).AsTask());
        using var serverB = new ContentSecurityHarness(distributedCache: _shared, services: s => s.AddSingleton<IWeChatVerdictClaims>(claims));

        var fromB = await serverB.Security.CheckTextAsync("hello", User);

        Assert.True(fromB.FromCache);
        Assert.Equal(0, serverB.Api.TextCalls);
        Assert.Equal(0, claims.Granted);
    }

    [Fact]
    public async Task WithClaims_TheClaimant_StoresItsVerdictBeforeLettingGo()
    {
        var claims = new FakeClaims();
        using var server = new ContentSecurityHarness(distributedCache: _shared, services: s => s.AddSingleton<IWeChatVerdictClaims>(claims));
        var key = DistributedVerdictCache.CacheKey(server.Keys.ForText("hello", 2, WeChatScene.Comment, User));
        claims.OnLetGo = () => claims.StoredWhenLetGo = _shared.Get(key) is not null;

        var verdict = await server.Security.CheckTextAsync("hello", User);

        Assert.False(verdict.FromCache);
        Assert.Equal(1, server.Api.TextCalls);
        Assert.Equal(1, claims.Granted);
        Assert.True(claims.StoredWhenLetGo);
    }

    [Fact]
    public void Serialization_RoundTripsAndRejectsGarbage()
    {
        var expiresAt = new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero);
        var verdict = new WeChatVerdict(WeChatSuggestion.Risky, 87014, 20002, "追踪-id", FromCache: false);

        var bytes = DistributedVerdictCache.Serialize(verdict, expiresAt);
        var back = DistributedVerdictCache.Deserialize(bytes);

        Assert.Equal(new WeChatCachedVerdict(verdict with { FromCache = true }, expiresAt), back);
        Assert.Null(DistributedVerdictCache.Deserialize(DistributedVerdictCache.Serialize(verdict with { Label = null, TraceId = null }, expiresAt))!.Verdict.Label);
        Assert.Null(DistributedVerdictCache.Deserialize([]));
        Assert.Null(DistributedVerdictCache.Deserialize([.. bytes.Take(18)]));
        var badSuggestion = bytes.ToArray();
        badSuggestion[1] = 9;
        Assert.Null(DistributedVerdictCache.Deserialize(badSuggestion));
    }

    private sealed class FailingDistributedCache : IDistributedCache
    {
        public byte[]? Get(string key) => throw new InvalidOperationException("down");

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => throw new InvalidOperationException("down");

        public void Refresh(string key) => throw new InvalidOperationException("down");

        public Task RefreshAsync(string key, CancellationToken token = default) => throw new InvalidOperationException("down");

        public void Remove(string key) => throw new InvalidOperationException("down");

        public Task RemoveAsync(string key, CancellationToken token = default) => throw new InvalidOperationException("down");

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new InvalidOperationException("down");

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
            Task.FromException(new InvalidOperationException("down"));
    }

    private sealed class FakeClaims(Func<Task>? whileWaiting = null) : IWeChatVerdictClaims
    {
        public int Granted { get; private set; }

        public bool StoredWhenLetGo { get; set; }

        public Action? OnLetGo { get; set; }

        public async ValueTask<IAsyncDisposable?> ClaimAsync(string key, Func<CancellationToken, ValueTask<bool>> isStored, CancellationToken cancellationToken)
        {
            if (await isStored(cancellationToken))
            {
                return null;
            }

            if (whileWaiting is not null)
            {
                await whileWaiting();
                Assert.True(await isStored(cancellationToken));
                return null;
            }

            Granted++;
            return new LetGo(this);
        }

        private sealed class LetGo(FakeClaims owner) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                owner.OnLetGo?.Invoke();
                return ValueTask.CompletedTask;
            }
        }
    }
}
