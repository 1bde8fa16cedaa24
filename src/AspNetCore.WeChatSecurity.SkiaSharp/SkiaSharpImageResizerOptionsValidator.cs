using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.SkiaSharp;

/// <summary>Refuses, at start-up, options the resizer cannot work with.</summary>
internal sealed class SkiaSharpImageResizerOptionsValidator : IValidateOptions<SkiaSharpImageResizerOptions>
{
    private const string Prefix = SkiaSharpImageResizerOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, SkiaSharpImageResizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        RequireBetween(failures, nameof(options.MaxConcurrentResizes), options.MaxConcurrentResizes, 1, 1024);
        RequireBetween(failures, nameof(options.JpegQuality), options.JpegQuality, 1, 100);
        RequireBetween(failures, nameof(options.MinimumJpegQuality), options.MinimumJpegQuality, 1, options.JpegQuality);
        RequireBetween(failures, nameof(options.MaxEncodeAttempts), options.MaxEncodeAttempts, 1, 32);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireBetween(List<string> failures, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Prefix}{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
