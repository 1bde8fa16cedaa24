namespace AspNetCore.WeChatSecurity;

/// <summary>
/// A quota gate the instances of a farm share (<c>AspNetCore.WeChatSecurity.Redis</c>). Every instance keeps its own gate
/// too and stays shut while either is: the shared gate adds what other instances learned. Both members are called on
/// the request path, so neither may wait for the network.
/// </summary>
public interface IWeChatSharedQuotaGate
{
    /// <summary>Tells the other instances that WeChat answered that a family's quota is spent.</summary>
    /// <param name="family"><c>text</c>, <c>image</c> or <c>media</c>.</param>
    /// <param name="reopensAt">When the quota is back: the next minute after 44991/45011, 00:00 China Standard Time after 45009.</param>
    /// <param name="forTheDay">True for the daily quota (45009).</param>
    void Shut(string family, DateTimeOffset reopensAt, bool forTheDay);

    /// <summary>Whether another instance found the family's quota spent and it is not back yet.</summary>
    /// <param name="family"><c>text</c>, <c>image</c> or <c>media</c>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="reopensAt">When the quota is back.</param>
    /// <param name="forTheDay">True for the daily quota.</param>
    /// <returns>True while shut.</returns>
    bool IsShut(string family, DateTimeOffset now, out DateTimeOffset reopensAt, out bool forTheDay);
}
