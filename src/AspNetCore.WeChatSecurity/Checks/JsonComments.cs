using System.Runtime.InteropServices;
using System.Text.Json;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Finds the comments in a <see cref="JsonElement"/>'s raw text. An app that sets System.Text.Json's
/// <c>ReadCommentHandling</c> to <c>Skip</c> gets elements that enumerate no comment, but whose raw text
/// (<c>GetRawText()</c>, <c>ToString()</c>), which it may store, still holds every comment the client wrote. A
/// <c>JsonNode</c> writes its JSON token by token, with no comment.
/// </summary>
internal static class JsonComments
{
    // The raw text is JSON the app's own options accepted, which may allow trailing commas: refusing one here would fail
    // the request. Its depth was checked by the walk before it is read.
    private static readonly JsonReaderOptions Reading = new() { CommentHandling = JsonCommentHandling.Allow, AllowTrailingCommas = true };

    /// <summary>
    /// Adds each comment in <paramref name="json"/> to <paramref name="sink"/>, keyed by the path of the object or array
    /// it stands in (<c>Extra.tags</c>): a skipped comment is no element, and has no path of its own. JSON without a
    /// slash is not read again, and JSON without a comment is read once more, without allocating.
    /// </summary>
    public static void Gather(JsonElement json, string key, WeChatScene? scene, List<CollectedValue> sink)
    {
        if (json.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return;
        }

        var raw = JsonMarshal.GetRawUtf8Value(json);
        if (!raw.Contains((byte)'/') || !HasComment(raw))
        {
            return;
        }

        var reader = new Utf8JsonReader(raw, Reading);
        var containers = new List<Container>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Comment:
                    sink.Add(new CollectedValue(containers[^1].Key, scene, ReadComment(ref reader, containers[^1].Key), null));
                    break;
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.RemoveAt(containers.Count - 1);
                    break;
                default:
                    var container = containers.Count == 0 ? null : containers[^1];
                    var index = container is { Indexed: true } ? container.Next++ : 0;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        var valueKey = container is null ? key
                            : container.Indexed ? KeyNames.Index(container.Key, index)
                            : KeyNames.Property(container.Key, property!);
                        containers.Add(new Container(valueKey, reader.TokenType == JsonTokenType.StartArray));
                    }

                    break;
            }
        }
    }

    // The reader skips a comment without reading its text as UTF-8, so a comment holding bytes that are not UTF-8 binds
    // without complaint and throws only when its text is asked for: the client's JSON, refused as an unreadable string is.
    private static string ReadComment(ref Utf8JsonReader reader, string key)
    {
        try
        {
            return reader.GetComment();
        }
        catch (InvalidOperationException)
        {
            throw new WeChatInvalidContentException(WeChatInvalidContentReason.Unreadable, "The JSON holds a comment that is not UTF-8 text.", key);
        }
    }

    private static bool HasComment(ReadOnlySpan<byte> raw)
    {
        var reader = new Utf8JsonReader(raw, Reading);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.Comment)
            {
                return true;
            }
        }

        return false;
    }

    // An object or array being read: its key, whether its values are keyed by position, and the next position.
    private sealed class Container(string key, bool indexed)
    {
        public string Key { get; } = key;

        public bool Indexed { get; } = indexed;

        public int Next { get; set; }
    }
}
