using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Netra.Gateway.Auth;
using Netra.Gateway.Http;
using Netra.Grains.Runs;

namespace Netra.Gateway.Runs;

/// <summary>
/// Runs over HTTP: start one on a thread (with a multitask mode), read it, cancel it, and read its events as JSON
/// or follow them as <c>text/event-stream</c>. Another user's run gets the same 404 as a missing one.
/// </summary>
public static class RunsApi
{
    /// <summary>The stable code of a run that is not the user's.</summary>
    public const string NotFoundCode = "run_not_found";

    /// <summary>Registers <see cref="RunService"/>, which the socket also uses.</summary>
    public static IServiceCollection AddNetraRuns(this IServiceCollection services) =>
        services.AddSingleton<RunService>().AddSingleton<WebSockets.IChatCommands>(sp => sp.GetRequiredService<RunService>());

    /// <summary>Maps the endpoints, all behind the default authorization policy.</summary>
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/threads/{id}/runs", StartAsync).WithTags("Runs").RequireAuthorization()
            .WithName("StartRun").WithSummary("Starts a run on a thread; multitask says what to do when one is active")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status401Unauthorized);
        endpoints.MapGet("/api/threads/{id}/runs", ListAsync).WithTags("Runs").RequireAuthorization()
            .WithName("ListThreadRuns").WithSummary("Lists a thread's runs, newest first, with the active one and the queue")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status401Unauthorized);
        var runs = endpoints.MapGroup("/api/runs").WithTags("Runs").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapGet("/{id}", GetAsync).WithName("GetRun").WithSummary("Gets a run: status, steps and report");
        runs.MapPost("/{id}/cancel", CancelAsync).WithName("CancelRun").WithSummary("Cancels a run");
        runs.MapGet("/{id}/events", RunEvents.GetAsync).WithName("GetRunEvents")
            .WithSummary("The run's events after after_seq, as JSON, or followed live as text/event-stream")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return endpoints;
    }

    internal static async Task<Results<Accepted<RunResponse>, ProblemHttpResult>> StartAsync(
        string id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] StartRunRequest? request,
        ClaimsPrincipal user,
        RunService runs,
        CancellationToken cancellationToken)
    {
        if (request?.Message is not { } message || string.IsNullOrWhiteSpace(message) || message.Length > WebSockets.ClientAction.MaxMessageLength)
        {
            return ApiProblems.BadRequest("invalid_message", $"\"message\" must be a non-empty string of at most {WebSockets.ClientAction.MaxMessageLength} characters.");
        }

        var multitask = request.Multitask ?? MultitaskMode.Enqueue;
        if (!MultitaskMode.IsValid(multitask))
        {
            return ApiProblems.BadRequest("invalid_multitask", "\"multitask\" must be reject, enqueue or interrupt.");
        }

        var start = await runs.StartAsync(user.GetUserId(), id, message, multitask, cancellationToken);
        return start.Outcome switch
        {
            RunStartOutcome.Started => TypedResults.Accepted($"/api/runs/{start.Run!.RunId}", RunResponse.From(start.Run)),
            RunStartOutcome.ThreadNotFound => ApiProblems.NotFound("thread_not_found", "There is no such thread."),
            _ => ApiProblems.Create(StatusCodes.Status409Conflict, "Conflict", "run_conflict", $"The thread's run {start.ActiveRunId} is still active."),
        };
    }

    internal static async Task<Results<Ok<ThreadRunsResponse>, ProblemHttpResult>> ListAsync(
        string id, ClaimsPrincipal user, RunService runs, CancellationToken cancellationToken) =>
        await runs.ListAsync(user.GetUserId(), id, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : ApiProblems.NotFound("thread_not_found", "There is no such thread.");

    internal static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, RunService runs) =>
        await runs.GetAsync(user.GetUserId(), id) is { } run ? TypedResults.Ok(RunResponse.From(run)) : NotFound();

    internal static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> CancelAsync(string id, ClaimsPrincipal user, RunService runs) =>
        await runs.CancelAsync(user.GetUserId(), id) is { } run ? TypedResults.Ok(RunResponse.From(run)) : NotFound();

    internal static ProblemHttpResult NotFound() => ApiProblems.NotFound(NotFoundCode, "There is no such run.");
}

/// <summary>The body of <c>POST /api/threads/{id}/runs</c>.</summary>
/// <param name="Message">What the user asks.</param>
/// <param name="Multitask"><c>reject</c>, <c>enqueue</c> (the default) or <c>interrupt</c>.</param>
public sealed record StartRunRequest(string? Message, string? Multitask);

/// <summary>A run as the API shows it.</summary>
/// <param name="Id">The run id.</param>
/// <param name="ThreadId">Its thread.</param>
/// <param name="Status">queued, running, completed, failed or cancelled.</param>
/// <param name="Message">The message that started it.</param>
/// <param name="CreatedAt">When it was submitted.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Steps">Its sub-agent steps.</param>
/// <param name="Report">The report, once completed.</param>
/// <param name="Error">Why it failed or was cancelled.</param>
/// <param name="Result">The structured result once completed: actions, goals and the data behind each chart.</param>
public sealed record RunResponse(
    string Id, string ThreadId, string Status, string Message, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, IReadOnlyList<RunStep> Steps, string? Report, string? Error, JsonElement? Result)
{
    internal static RunResponse From(RunView run) => new(
        run.RunId, run.ThreadId, run.Status, run.Message, run.CreatedAt, run.StartedAt, run.FinishedAt, run.Steps, run.Report, run.Error,
        run.ResultJson is { } json ? JsonSerializer.Deserialize<JsonElement>(json) : null);
}

/// <summary>A thread's runs as <c>GET /api/threads/{id}/runs</c> shows them.</summary>
/// <param name="ActiveRunId">The run executing now, if any.</param>
/// <param name="QueuedRunIds">Runs waiting behind it, oldest first.</param>
/// <param name="Runs">The latest runs, newest first (at most <see cref="RunService.MaxListedRuns"/>).</param>
public sealed record ThreadRunsResponse(string? ActiveRunId, IReadOnlyList<string> QueuedRunIds, IReadOnlyList<RunResponse> Runs);
