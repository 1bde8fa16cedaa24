using AspNetCore.WeChatSecurity.Redis.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspNetCore.WeChatSecurity.Redis.Tests.MediaCheck;

[Collection(UsesSharedRedis.Name)]
public sealed class RedisMediaCheckStoreContractTests(SharedRedis redis) : WeChatMediaCheckStoreContract
{
    [RedisTheory]
    [MemberData(nameof(Cases))]
    public Task Contract(string name) => RunAsync(name);

    protected override async ValueTask<IWeChatMediaCheckStore> CreateStoreAsync() =>
        new RedisMediaCheckStore(await TestConnections.CreateAsync(redis, SharedRedis.UniquePrefix()), NullLogger<RedisMediaCheckStore>.Instance);
}
