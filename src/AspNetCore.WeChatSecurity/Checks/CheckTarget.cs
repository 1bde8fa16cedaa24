namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>One attribute resolved against one parameter: where its values are found.</summary>
/// <param name="Check">The attribute.</param>
/// <param name="Parameter">The parameter holding the values.</param>
/// <param name="Path">The properties from the parameter's value to the field; empty for the value itself.</param>
internal sealed record CheckTarget(IWeChatCheckMetadata Check, CheckParameter Parameter, PathStep[] Path);
