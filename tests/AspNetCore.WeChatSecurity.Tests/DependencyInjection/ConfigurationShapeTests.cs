using AspNetCore.WeChatSecurity.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Tests.DependencyInjection;

public sealed class ConfigurationShapeTests
{
    [Fact]
    public async Task AMisspelledKey_StopsTheAppAtStart_NamingItAndTheClosestSetting()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(Settings(("FailureMod", "Allow")));
        builder.Services.AddWeChatContentSecurity(builder.Configuration);
        await using var app = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        var message = Assert.Single(failure.Failures);
        Assert.Contains("WeChatSecurity:FailureMod is not a setting", message, StringComparison.Ordinal);
        Assert.Contains("Did you mean FailureMode?", message, StringComparison.Ordinal);
        Assert.Contains("AppSecret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidEnumValue_ListsTheValidValues()
    {
        var failures = Bind(("FailureMode", "Sometimes"));

        Assert.Equal(["WeChatSecurity:FailureMode must be one of Block, Allow."], failures);
    }

    [Theory]
    [InlineData("5s")]
    [InlineData("00:00:61")]
    public void AnInvalidTimeSpan_ShowsTheExpectedFormat(string value)
    {
        var failures = Bind(("Cache:PassTtl", value));

        var message = Assert.Single(failures);
        Assert.StartsWith("WeChatSecurity:Cache:PassTtl must be a time span written [d.]hh:mm:ss", message, StringComparison.Ordinal);
        Assert.Contains("\"00:00:05\" for 5 seconds", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesOfTheWrongKind_AreAllReported_ByTheirPaths()
    {
        var failures = Bind(("Cache:MaxEntries", "lots"), ("Resilience:CircuitBreakerFailureRatio", "half"), ("AllowEmulatorInProduction", "yes"), ("OpenIdResolver", "x"));

        Assert.Contains("WeChatSecurity:Cache:MaxEntries must be a whole number.", failures);
        Assert.Contains(failures, f => f.StartsWith("WeChatSecurity:Resilience:CircuitBreakerFailureRatio must be a number", StringComparison.Ordinal));
        Assert.Contains("WeChatSecurity:AllowEmulatorInProduction must be true or false.", failures);
        Assert.Contains(failures, f => f.StartsWith("WeChatSecurity:OpenIdResolver can only be set in code", StringComparison.Ordinal));
    }

    [Fact]
    public void KeysInAnyCase_AndValidValues_Pass()
    {
        var configuration = Configuration(("appid", "wx0123456789abcdef"), ("APPSECRET", "s"), ("failuremode", "allow"), ("cache:passttl", "1.00:00:00"), ("Cache:MaxEntries", "10"));
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value;

        Assert.Equal(WeChatFailureMode.Allow, options.FailureMode);
        Assert.Equal(TimeSpan.FromDays(1), options.Cache.PassTtl);
        Assert.Equal(10, options.Cache.MaxEntries);
    }

    [Fact]
    public void MediaCheckDeliveryClaimDuration_IsBoundFromConfiguration()
    {
        var configuration = Configuration(("AppId", "wx0123456789abcdef"), ("AppSecret", "s"), ("MediaCheck:DeliveryClaimDuration", "00:10:00"));
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromMinutes(10), provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value.MediaCheck.DeliveryClaimDuration);
    }

    [Fact]
    public void AMisspelledKeyInAGroup_IsNamedByItsPath_WithTheGroupsSettings()
    {
        var failures = Bind(("Resilience:TotalTimout", "00:00:10"));

        var message = Assert.Single(failures);
        Assert.StartsWith("WeChatSecurity:Resilience:TotalTimout is not a setting of WeChatResilienceOptions, so it would be ignored. Did you mean TotalTimeout?", message, StringComparison.Ordinal);
        Assert.Contains("MaxLimiterWait", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxEntries", "Cache:MaxEntries")]
    [InlineData("totaltimeout", "Resilience:TotalTimeout")]
    [InlineData("OversizePolicy", "Images:OversizePolicy")]
    [InlineData("MaxTextLength", "Text:MaxTextLength")]
    public void ASettingWrittenOutsideItsGroup_IsPointedToItsGroup(string key, string path)
    {
        var failures = Bind((key, "1"));

        var message = Assert.Single(failures);
        Assert.StartsWith($"WeChatSecurity:{key} is not a setting of WeChatSecurityOptions, so it would be ignored. Did you mean {path}?", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspelledSectionName_IsNamed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WeChatSecuirty:AppId"] = "wx" }).Build();
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(configuration);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value);

        Assert.Contains("section 'WeChatSecuirty' but no 'WeChatSecurity'", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void TheWalk_FollowsNestedClassesListsAndDictionaries()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["App:Nested:Timeout"] = "00:00:01",
            ["App:Nested:Timout"] = "00:00:01",
            ["App:Nested:Mode"] = "Sideways",
            ["App:Items:0:Count"] = "3",
            ["App:Items:1:Cuont"] = "3",
            ["App:ByName:first:Count"] = "many",
            ["App:Name:Inner"] = "x",
        }).Build().GetSection("App");

        var failures = ConfigurationShapeCheck.Check(section, typeof(Root));

        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("App:Nested:Timout is not a setting of NestedOptions, so it would be ignored. Did you mean Timeout?", StringComparison.Ordinal));
        Assert.Contains("App:Nested:Mode must be one of Block, Allow.", failures);
        Assert.Contains(failures, f => f.StartsWith("App:Items:1:Cuont is not a setting of Item", StringComparison.Ordinal));
        Assert.Contains("App:ByName:first:Count must be a whole number.", failures);
        Assert.Contains("App:Name takes a single value (a String), not a section.", failures);
    }

    private static List<string> Bind(params (string Key, string Value)[] settings)
    {
        var configuration = Configuration([("AppId", "wx"), ("AppSecret", "s"), .. settings]);
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(configuration);
        using var provider = services.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value);
        return [.. failure.Failures];
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(Settings(settings)).Build();

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(s => $"{WeChatSecurityOptions.SectionName}:{s.Key}", s => (string?)s.Value);

    private sealed class Root
    {
        public string? Name { get; set; }

        public NestedOptions Nested { get; } = new();

        public List<Item> Items { get; } = [];

        public Dictionary<string, Item> ByName { get; } = [];
    }

    private sealed class NestedOptions
    {
        public TimeSpan Timeout { get; set; }

        public WeChatFailureMode Mode { get; set; }
    }

    private sealed class Item
    {
        public int Count { get; set; }
    }
}
