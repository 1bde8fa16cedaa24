namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>A handler or action parameter whose bound value may be checked.</summary>
/// <param name="Name">The parameter's name (the key of MVC's action arguments).</param>
/// <param name="BoundName">The name it is bound under (an explicit binder name, or <paramref name="Name"/>).</param>
/// <param name="Type">The parameter's declared type.</param>
/// <param name="Index">Its position among the handler's arguments.</param>
/// <param name="KeyPrefix">
/// The prefix of error keys for values inside it: its bound name for simple values, empty for a body. Null when
/// only the request tells (MVC binds a complex value under the parameter's name when the request uses it as a prefix).
/// </param>
internal sealed record CheckParameter(string Name, string BoundName, Type Type, int Index, string? KeyPrefix);
