using System.Collections.Concurrent;

namespace Netra.Runtime.Tests.Support;

/// <summary>
/// Named gates that tests open and grains wait on, so a test can hold a grain inside a turn for as long as it needs.
/// Grain arguments stay plain strings, as they would have to be across processes.
/// </summary>
public static class Gates
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> s_gates = new();

    public static string New() => Guid.NewGuid().ToString("N");

    public static Task WaitAsync(string name) => Get(name).Task;

    public static void Open(string name) => Get(name).TrySetResult();

    private static TaskCompletionSource Get(string name) =>
        s_gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Waits for a condition in real time, for effects that finish on another thread. Never a timing assertion.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string because, int timeoutMs = 10_000) =>
        TrueAsync(() => Task.FromResult(condition()), because, timeoutMs);

    public static async Task TrueAsync(Func<Task<bool>> condition, string because, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}.");
            }

            await Task.Delay(5);
        }
    }
}
