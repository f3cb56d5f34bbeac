using System.Text.Json;
using Netra.Grains.Threads;

namespace Netra.Gateway.Tests.Threads;

/// <summary>Thread state is stored as JSON (the runtime's web defaults); it must read back as it was written.</summary>
public sealed class ThreadStateTests
{
    [Fact]
    public void Thread_state_round_trips_through_the_state_json()
    {
        var now = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var state = new ThreadGrainState
        {
            OwnerId = "alice",
            Title = "costs",
            CreatedAt = now,
            UpdatedAt = now.AddMinutes(1),
            Messages = [new ThreadMessage("msg_1", "user", "hi", null, now), new ThreadMessage("msg_2", "assistant", "hello", "run_1", now)],
            RunIds = ["run_1", "run_2"],
            ActiveRunId = "run_2",
            QueuedRunIds = ["run_3"],
        };
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var read = JsonSerializer.Deserialize<ThreadGrainState>(JsonSerializer.SerializeToUtf8Bytes(state, options), options)!;

        Assert.Equal(state with { Messages = [], RunIds = [], QueuedRunIds = [] }, read with { Messages = [], RunIds = [], QueuedRunIds = [] });
        Assert.Equal(state.Messages, read.Messages);
        Assert.Equal(state.RunIds, read.RunIds);
        Assert.Equal(state.QueuedRunIds, read.QueuedRunIds);
    }

    [Fact]
    public void User_index_round_trips_through_the_state_json()
    {
        var state = new UserThreadsState { ThreadIds = ["th_b", "th_a"] };
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var read = JsonSerializer.Deserialize<UserThreadsState>(JsonSerializer.Serialize(state, options), options)!;

        Assert.Equal(state.ThreadIds, read.ThreadIds);
    }
}
