using System.Globalization;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>Builds error keys the way ASP.NET Core model validation does: <c>Post.Title</c>, <c>Tags[1]</c>.</summary>
internal static class KeyNames
{
    public static string Property(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    public static string Index(string prefix, int index) => prefix + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    public static string Index(string prefix, object key) =>
        prefix + "[" + Convert.ToString(key, CultureInfo.InvariantCulture) + "]";
}
