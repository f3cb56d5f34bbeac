using Netra.Runtime;

namespace Netra.Grains.Runs;

/// <summary>
/// One run of the supervisor on a thread, keyed by run id (<c>run_…</c>). It emits its events to the owner's stream
/// <c>user/{userId}</c> and keeps its status, steps and report.
/// </summary>
public interface IRunGrain : IGrainWithStringKey
{
    /// <summary>Records the run as queued. Called once, by its thread's <see cref="Threads.IThreadGrain"/>.</summary>
    Task InitializeAsync(RunRequest request);

    /// <summary>
    /// Starts executing. Returns once the run is under way; its events follow on the stream. On a running run it makes
    /// sure the start went through (listed as under way, its supervisor holding the request and active), so a start
    /// that a silo's death interrupted can be repeated; on a finished run it does nothing.
    /// </summary>
    Task StartAsync();

    /// <summary>The run, or null if it does not exist or belongs to someone other than <paramref name="requesterId"/>.</summary>
    Task<RunView?> GetAsync(string requesterId);

    /// <summary>Cancels the run if it has not finished. False if it does not exist or is not <paramref name="requesterId"/>'s.</summary>
    Task<bool> CancelAsync(string requesterId);

    /// <summary>
    /// Publishes <paramref name="runEvent"/> on the owner's stream once: an event whose key was published before is
    /// not published again. Returns its sequence number, or 0 when the run has finished and takes no more events.
    /// </summary>
    Task<long> EmitAsync(Agents.RunEvent runEvent);

    /// <summary>Records a step of the pipeline.</summary>
    Task RecordStepAsync(RunStep step);

    /// <summary>Finishes the run with its report and structured result, and publishes <c>agent_completed</c>.</summary>
    Task CompleteAsync(string report, string resultJson);

    /// <summary>Finishes the run as failed and publishes <c>agent_error</c> with <paramref name="code"/> and <paramref name="message"/>.</summary>
    Task FailAsync(string code, string message);

    /// <summary>The run's events above <paramref name="afterSeq"/>, or null if the run is not <paramref name="requesterId"/>'s.</summary>
    Task<List<RunEventRecord>?> GetEventsAsync(string requesterId, long afterSeq);
}
