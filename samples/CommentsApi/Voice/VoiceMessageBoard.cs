using System.Collections.Concurrent;

namespace CommentsApi.Voice;

/// <summary>The sample's "database" of voice messages. A real application keeps them in its own store.</summary>
public sealed class VoiceMessageBoard
{
    private readonly ConcurrentDictionary<string, VoiceMessage> _messages = new(StringComparer.Ordinal);

    public void Save(VoiceMessage message) => _messages[message.Id] = message;

    public VoiceMessage? Find(string id) => _messages.GetValueOrDefault(id);
}
