using System.Text.Json;
using Netra.Gateway.WebSockets;
using Netra.Grains.Events;
using Netra.Runtime.Streams;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>An event frame written from the stored JSON is the frame written from the deserialized event.</summary>
public sealed class FrameTests
{
    private static readonly JsonSerializerOptions s_stored = new(JsonSerializerDefaults.Web);

    public static TheoryData<string, string?, string?, string?> Events => new()
    {
        { """{"text":"plain","n":1}""", "th_1", "run_1", "supervisor" },
        { """{"text":"quotes \" and \\ and <tags> & 'apostrophes' +","nested":{"a":[1,2.5,null,true]}}""", null, null, null },
        { """{"text":"unicode: é ü 日本 😀","emptyObj":{},"emptyArr":[]}""", "th_ü", null, "agent \"x\"" },
        { "{}", "", "run_2", null },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void A_frame_from_stored_json_matches_the_frame_from_the_event(string data, string? threadId, string? runId, string? agent)
    {
        var value = new UserEvent(
            UserEventTypes.ToolCompleted, JsonDocument.Parse(data).RootElement.Clone(), threadId, runId, agent,
            new DateTimeOffset(2026, 11, 21, 17, 30, 1, 234, TimeSpan.FromHours(2)).AddTicks(5678), "key-1");
        var stored = JsonSerializer.SerializeToUtf8Bytes(value, s_stored);

        var fromEvent = Frames.Event(new StreamItem<UserEvent>(42, JsonSerializer.Deserialize<UserEvent>(stored, s_stored)!, DateTimeOffset.UtcNow));
        var fromStored = Frames.Event(42, stored);

        Assert.Equal(Normalize(fromEvent), Normalize(fromStored));
        Assert.Equal(42, JsonDocument.Parse(fromStored).RootElement.GetProperty("metadata").GetProperty("seq").GetInt64());
    }

    [Fact]
    public void A_payload_that_is_not_an_object_is_refused()
    {
        Assert.ThrowsAny<JsonException>(() => Frames.Event(1, "[1,2]"u8));
    }

    /// <summary>The frame's JSON re-written by one writer, so escaping choices do not count, only content.</summary>
    private static string Normalize(byte[] frame) => JsonSerializer.Serialize(JsonDocument.Parse(frame).RootElement);
}
