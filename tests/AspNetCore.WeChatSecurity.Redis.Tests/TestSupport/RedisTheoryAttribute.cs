namespace AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;

/// <summary>A theory that needs a real <c>redis-server</c>: skipped with the install hint when there is none, except under CI.</summary>
public sealed class RedisTheoryAttribute : TheoryAttribute
{
    public RedisTheoryAttribute()
    {
        if (RedisServer.Executable is null && !RedisServer.Required)
        {
            Skip = RedisServer.InstallHint;
        }
    }
}
