using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

public sealed class InMemoryMediaCheckStoreContractTests : WeChatMediaCheckStoreContract
{
    [Theory]
    [MemberData(nameof(Cases))]
    public Task Contract(string name) => RunAsync(name);

    protected override ValueTask<IWeChatMediaCheckStore> CreateStoreAsync() =>
        ValueTask.FromResult<IWeChatMediaCheckStore>(new InMemoryMediaCheckStore());
}
