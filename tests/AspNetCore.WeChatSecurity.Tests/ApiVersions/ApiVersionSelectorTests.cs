using AspNetCore.WeChatSecurity.ApiVersions;

namespace AspNetCore.WeChatSecurity.Tests.ApiVersions;

public sealed class ApiVersionSelectorTests
{
    public static TheoryData<WeChatApiVersion, WeChatApiVersion?, string?, int> Cases => new()
    {
        { WeChatApiVersion.Auto, null, null, 1 },
        { WeChatApiVersion.Auto, null, "o-user", 2 },

        // A blank openid is no openid: sending it would earn WeChat's 40003.
        { WeChatApiVersion.Auto, null, "   ", 1 },
        { WeChatApiVersion.V1, null, "o-user", 1 },
        { WeChatApiVersion.V2, null, "o-user", 2 },

        // The context's version wins over the options'.
        { WeChatApiVersion.V2, WeChatApiVersion.V1, null, 1 },
        { WeChatApiVersion.V1, WeChatApiVersion.V2, "o-user", 2 },
        { WeChatApiVersion.V1, WeChatApiVersion.Auto, "o-user", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SameContext_SameVersion_ForTextAndMedia(WeChatApiVersion configured, WeChatApiVersion? requested, string? openId, int expected)
    {
        var options = new WeChatSecurityOptions { TextVersion = configured };
        var context = new WeChatCheckContext { TextVersion = requested, OpenId = openId };

        Assert.Equal(expected, ApiVersionSelector.ForText(context, options));
        Assert.Equal(expected, ApiVersionSelector.ForMedia(context, options));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void V2WithoutOpenId_EachApiSaysHowToGiveOne(string? openId)
    {
        var options = new WeChatSecurityOptions { TextVersion = WeChatApiVersion.V2, OpenIdClaimType = "wx-openid" };
        var context = new WeChatCheckContext { OpenId = openId };

        var text = Assert.Throws<InvalidOperationException>(() => ApiVersionSelector.ForText(context, options));
        var media = Assert.Throws<InvalidOperationException>(() => ApiVersionSelector.ForMedia(context, options));

        Assert.Contains("text check v2", text.Message, StringComparison.Ordinal);
        Assert.Contains("media check v2", media.Message, StringComparison.Ordinal);
        Assert.All([text, media], exception =>
        {
            Assert.Contains("'wx-openid' claim", exception.Message, StringComparison.Ordinal);
            Assert.Contains("OpenIdResolver", exception.Message, StringComparison.Ordinal);
            Assert.Contains("WeChatCheckContext.OpenId", exception.Message, StringComparison.Ordinal);
            Assert.Contains("V1", exception.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Scene_IsTheContextsElseTheDefault()
    {
        var options = new WeChatSecurityOptions { DefaultScene = WeChatScene.Forum };

        Assert.Equal(WeChatScene.Forum, ApiVersionSelector.Scene(null, options));
        Assert.Equal(WeChatScene.Forum, ApiVersionSelector.Scene(new WeChatCheckContext(), options));
        Assert.Equal(WeChatScene.Profile, ApiVersionSelector.Scene(new WeChatCheckContext { Scene = WeChatScene.Profile }, options));
    }
}
