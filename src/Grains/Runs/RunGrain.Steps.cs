using Netra.Grains.Events;
using Netra.Grains.Threads;

namespace Netra.Grains.Runs;

/// <summary>The minimal supervisor's steps.</summary>
public sealed partial class RunGrain
{
    private async Task TakeStepAsync(Step step)
    {
        var now = time.GetUtcNow();
        switch (step)
        {
            case Step.Thinking:
                await RecordAsync(new RunStep("supervisor", "thinking", now));
                await EmitAsync(UserEventTypes.AgentThinking, "supervisor", new { thought = "Reading the request and choosing sub-agents." });
                return;
            case Step.TriageStarted:
                await RecordAsync(new RunStep("triage", "started", now));
                await EmitAsync(UserEventTypes.SubAgentUpdate, "triage", new { sub_agent = "triage", status = "started" });
                return;
            case Step.TriageCompleted:
                await RecordAsync(new RunStep("triage", "completed", now));
                await EmitAsync(UserEventTypes.SubAgentUpdate, "triage", new { sub_agent = "triage", status = "completed" });
                return;
            default:
                var report = "## Netra\n\nYour message was received and triaged. The analysis sub-agents (data, optimizations, "
                    + "actions, reporting) are not part of this release yet, so this report has no figures: every number Netra "
                    + "reports will come from a tool run over your own data.";
                await RecordAsync(new RunStep("supervisor", "completed", now), RunStatus.Completed, report);
                await GrainFactory.GetGrain<IThreadGrain>(Request.ThreadId)
                    .AppendMessageAsync(Request.UserId, MessageRoles.Assistant, report, Request.RunId, CancellationToken.None);
                await EmitAsync(UserEventTypes.AgentCompleted, "supervisor", new
                {
                    report,
                    result = new { status = RunStatus.Completed, steps = state.State.Steps.Count },
                });
                return;
        }
    }
}
