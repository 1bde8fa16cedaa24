namespace AspNetCore.WeChatSecurity.Sqlite;

/// <summary>Where the SQLite media check store keeps its file.</summary>
public sealed class WeChatSqliteStoreOptions
{
    /// <summary>
    /// The database file, for example <c>App_Data/wechat-media-checks.db</c> (relative paths are relative to the
    /// application's content root). Created with its tables on first use; its folder must exist. Required.
    /// </summary>
    public string? FilePath { get; set; }
}
