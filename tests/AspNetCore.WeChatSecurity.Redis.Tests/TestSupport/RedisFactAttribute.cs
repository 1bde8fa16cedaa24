namespace AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;

/// <summary>A fact that needs a real <c>redis-server</c>: skipped with the install hint when there is none, except under CI.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Executable is null && !RedisServer.Required)
        {
            Skip = RedisServer.InstallHint;
        }
    }
}
