namespace Netra.Grains.Threads;

/// <summary>A thread's runs at one moment.</summary>
/// <param name="RunIds">Every run submitted on the thread and accepted, oldest first (the last <see cref="ThreadLimits.MaxRuns"/>).</param>
/// <param name="ActiveRunId">The run executing now, if any.</param>
/// <param name="QueuedRunIds">Runs waiting behind it, oldest first.</param>
public sealed record ThreadRuns(IReadOnlyList<string> RunIds, string? ActiveRunId, IReadOnlyList<string> QueuedRunIds);
