namespace AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;

[CollectionDefinition(Name)]
public sealed class UsesSharedRedis : ICollectionFixture<SharedRedis>
{
    public const string Name = "Shared Redis";
}
