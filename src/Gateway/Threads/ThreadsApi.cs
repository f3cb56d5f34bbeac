using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Netra.Gateway.Auth;
using Netra.Gateway.Http;
using Netra.Grains.Threads;

namespace Netra.Gateway.Threads;

/// <summary>
/// <c>/api/threads</c>: the user's threads and their messages. Another user's thread, a deleted one and a malformed id
/// all get the same 404, so nothing reveals that a thread exists.
/// </summary>
public static class ThreadsApi
{
    /// <summary>The stable code of the 404.</summary>
    public const string NotFoundCode = "thread_not_found";

    /// <summary>The stable code of a title that breaks <see cref="ThreadLimits"/>.</summary>
    public const string InvalidTitleCode = "invalid_title";

    /// <summary>Registers <see cref="ThreadService"/>.</summary>
    public static IServiceCollection AddNetraThreads(this IServiceCollection services) => services.AddSingleton<ThreadService>();

    /// <summary>Maps the endpoints, all behind the default authorization policy.</summary>
    public static RouteGroupBuilder MapThreadsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/threads")
            .WithTags("Threads")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListThreads").WithSummary("Lists the user's threads, newest first");
        group.MapPost("/", CreateAsync).WithName("CreateThread").WithSummary("Creates a thread")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id}", GetAsync).WithName("GetThread").WithSummary("Gets a thread")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}", RenameAsync).WithName("RenameThread").WithSummary("Renames a thread")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteThread").WithSummary("Deletes a thread")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/messages", GetMessagesAsync).WithName("ListThreadMessages").WithSummary("Lists a thread's messages, oldest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Ok<IReadOnlyList<ThreadView>>> ListAsync(
        ClaimsPrincipal user, ThreadService threads, CancellationToken cancellationToken) =>
        TypedResults.Ok(await threads.ListAsync(user.GetUserId(), cancellationToken));

    internal static async Task<Results<Created<ThreadView>, ProblemHttpResult>> CreateAsync(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CreateThreadRequest? request,
        ClaimsPrincipal user,
        ThreadService threads,
        CancellationToken cancellationToken)
    {
        string? title = null;
        if (request?.Title is not null && !ThreadService.TryNormalizeTitle(request.Title, out title))
        {
            return InvalidTitle();
        }

        var thread = await threads.CreateAsync(user.GetUserId(), title, cancellationToken);
        return TypedResults.Created($"/api/threads/{thread.Id}", thread);
    }

    internal static async Task<Results<Ok<ThreadView>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, ThreadService threads, CancellationToken cancellationToken) =>
        await threads.GetAsync(user.GetUserId(), id, cancellationToken) is { } thread ? TypedResults.Ok(thread) : NotFound();

    internal static async Task<Results<Ok<ThreadView>, ProblemHttpResult>> RenameAsync(
        string id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] RenameThreadRequest? request,
        ClaimsPrincipal user,
        ThreadService threads,
        CancellationToken cancellationToken)
    {
        // The body is checked first, so its answer is the same whether or not the thread exists.
        if (!ThreadService.TryNormalizeTitle(request?.Title, out var title))
        {
            return InvalidTitle();
        }

        return await threads.RenameAsync(user.GetUserId(), id, title, cancellationToken) is { } thread ? TypedResults.Ok(thread) : NotFound();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, ClaimsPrincipal user, ThreadService threads, CancellationToken cancellationToken) =>
        await threads.DeleteAsync(user.GetUserId(), id, cancellationToken) ? TypedResults.NoContent() : NotFound();

    internal static async Task<Results<Ok<IReadOnlyList<MessageView>>, ProblemHttpResult>> GetMessagesAsync(
        string id, ClaimsPrincipal user, ThreadService threads, CancellationToken cancellationToken) =>
        await threads.GetMessagesAsync(user.GetUserId(), id, cancellationToken) is { } messages ? TypedResults.Ok(messages) : NotFound();

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound(NotFoundCode, "There is no such thread.");

    private static ProblemHttpResult InvalidTitle() => ApiProblems.BadRequest(
        InvalidTitleCode, $"title must have 1 to {ThreadLimits.MaxTitleLength} characters, not only white space, and no control characters.");
}

/// <summary>The body of <c>POST /api/threads</c>; it may be empty.</summary>
/// <param name="Title">The title, up to 200 characters; "New thread" when absent.</param>
public sealed record CreateThreadRequest(string? Title = null);

/// <summary>The body of <c>PATCH /api/threads/{id}</c>.</summary>
/// <param name="Title">The new title, 1 to 200 characters.</param>
public sealed record RenameThreadRequest(string? Title);
