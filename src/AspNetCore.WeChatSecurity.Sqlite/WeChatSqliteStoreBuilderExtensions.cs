using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps asynchronous media checks in a SQLite file.</summary>
public static class WeChatSqliteStoreBuilderExtensions
{
    /// <summary>
    /// Keeps pending media checks in the SQLite file at <paramref name="filePath"/> instead of memory, so that a single
    /// server's checks survive a restart and each verdict is still delivered once. The file and its tables are created
    /// on first use.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWeChatContentSecurity</c>.</param>
    /// <param name="filePath">The database file; relative paths are relative to the content root.</param>
    /// <returns>The builder.</returns>
    public static IWeChatSecurityBuilder AddSqliteMediaCheckStore(this IWeChatSecurityBuilder builder, string filePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        return builder.AddSqliteMediaCheckStore(options => options.FilePath = filePath);
    }

    /// <summary>Keeps pending media checks in a SQLite file, configured in code (or bound by the caller).</summary>
    /// <param name="builder">The builder from <c>AddWeChatContentSecurity</c>.</param>
    /// <param name="configure">Sets <see cref="WeChatSqliteStoreOptions.FilePath"/>.</param>
    /// <returns>The builder.</returns>
    public static IWeChatSecurityBuilder AddSqliteMediaCheckStore(this IWeChatSecurityBuilder builder, Action<WeChatSqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<WeChatSqliteStoreOptions>()
            .Configure(configure)
            .Validate(static options => !string.IsNullOrWhiteSpace(options.FilePath), "AddSqliteMediaCheckStore needs WeChatSqliteStoreOptions.FilePath: the SQLite file that keeps pending media checks.")
            .ValidateOnStart();
        builder.Services.Replace(ServiceDescriptor.Singleton<IWeChatMediaCheckStore>(static provider =>
        {
            var path = provider.GetRequiredService<IOptions<WeChatSqliteStoreOptions>>().Value.FilePath!;
            if (!Path.IsPathRooted(path) && provider.GetService<IHostEnvironment>() is { } environment)
            {
                path = Path.Combine(environment.ContentRootPath, path);
            }

            return new SqliteMediaCheckStore(path, provider.GetRequiredService<ILogger<SqliteMediaCheckStore>>());
        }));
        return builder;
    }
}
