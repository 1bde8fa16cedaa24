using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json.Linq;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// An [ApiController] whose bodies are JSON kept as it came, each under a check without a field name. The token action
/// binds with <c>AddNewtonsoftJson()</c>; the others with System.Text.Json.
/// </summary>
[ApiController]
[Route("mvc-json")]
public sealed class IntegrationJsonController : ControllerBase
{
    [HttpPost("element")]
    [MsgSecCheck]
    public IActionResult Element(JsonElement body) => Content("published: " + body.ValueKind);

    [HttpPost("node")]
    [MsgSecCheck]
    public IActionResult Node(JsonNode body) => Content("published: " + body.GetValueKind());

    [HttpPost("document")]
    [MsgSecCheck]
    public IActionResult Document(JsonDocument body) => Content("published: " + body.RootElement.ValueKind);

    // The same JSON bound as an object: a JsonElement under System.Text.Json, a JObject under Newtonsoft.Json.
    [HttpPost("object")]
    [MsgSecCheck]
    public IActionResult Untyped(object body) => Content("published: " + body.GetType().Name);

    [HttpPost("token")]
    [MsgSecCheck]
    public IActionResult Token(JToken body) => Content("published: " + body.Type);
}
