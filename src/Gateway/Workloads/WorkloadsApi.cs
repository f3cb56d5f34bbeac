using System.Buffers;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Netra.Gateway.Auth;
using Netra.Gateway.Http;
using Netra.Grains.Tools.Workload;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Ingestion;
using Netra.Grains.Workloads.Query;

namespace Netra.Gateway.Workloads;

/// <summary>
/// <c>/api/workloads</c>: ingest the user's LLM request telemetry as NDJSON, list and delete their datasets, and
/// summarize their workload. Every call reads and writes the calling user's events only; another user's dataset
/// answers exactly like a missing one.
/// </summary>
public static class WorkloadsApi
{
    /// <summary>The stable code of a dataset the user does not have.</summary>
    public const string DatasetNotFoundCode = "dataset_not_found";

    /// <summary>The stable code of a body over <see cref="WorkloadOptions.MaxIngestBytes"/>.</summary>
    public const string PayloadTooLargeCode = "payload_too_large";

    /// <summary>The content types an NDJSON body may declare (or none).</summary>
    public static readonly IReadOnlyList<string> NdjsonContentTypes = ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/json", "text/plain"];

    /// <summary>Maps the endpoints, all behind the default authorization policy.</summary>
    public static RouteGroupBuilder MapWorkloadsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/workloads")
            .WithTags("Workloads")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/events", IngestAsync).WithName("IngestWorkloadEvents")
            .WithSummary("Ingests workload events as NDJSON, one event per line; bad lines are rejected with their line numbers")
            .Accepts<string>("application/x-ndjson")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapImport();
        group.MapGet("/datasets", ListDatasetsAsync).WithName("ListWorkloadDatasets").WithSummary("Lists the user's datasets with their event counts");
        group.MapDelete("/datasets/{name}", DeleteDatasetAsync).WithName("DeleteWorkloadDataset").WithSummary("Deletes a dataset and its events")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/summary", SummaryAsync).WithName("GetWorkloadSummary")
            .WithSummary("Summarizes the user's workload, or one dataset of it: counts, time range, models, token and latency statistics")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Results<Ok<IngestResult>, ProblemHttpResult>> IngestAsync(
        HttpContext http,
        ClaimsPrincipal user,
        WorkloadIngestion ingestion,
        IOptions<WorkloadOptions> options,
        ILogger<WorkloadIngestion> logger,
        CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var limit = options.Value.MaxIngestBytes;
        if (http.Request.ContentType is { } contentType
            && !NdjsonContentTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            return ApiProblems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "unsupported_media_type",
                "Send workload events as NDJSON (Content-Type: application/x-ndjson), one JSON object per line.");
        }

        if (http.Request.ContentLength > limit)
        {
            return TooLarge(logger, userId, http.Request.ContentLength.Value, limit);
        }

        // The server's own body limit must not cut in before ours; one byte more than ours lets this code say 413.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = Math.Min(limit, long.MaxValue - 1) + 1;
        }

        var body = new ArrayBufferWriter<byte>(64 * 1024);
        while (true)
        {
            var read = await http.Request.Body.ReadAsync(body.GetMemory(64 * 1024), cancellationToken);
            if (read == 0)
            {
                break;
            }

            body.Advance(read);
            if (body.WrittenCount > limit)
            {
                return TooLarge(logger, userId, body.WrittenCount, limit);
            }
        }

        var result = await ingestion.IngestNdjsonAsync(userId, body.WrittenMemory, cancellationToken);
        WorkloadsApiLog.Ingested(logger, userId, result.Accepted, result.Rejected, body.WrittenCount);
        return TypedResults.Ok(result);
    }

    internal static async Task<Ok<IReadOnlyList<WorkloadDataset>>> ListDatasetsAsync(
        ClaimsPrincipal user, IWorkloadStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListDatasetsAsync(user.GetUserId(), cancellationToken));

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteDatasetAsync(
        string name, ClaimsPrincipal user, IWorkloadStore store, ILogger<WorkloadIngestion> logger, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        if (!WorkloadDatasets.IsValidName(name) || !await store.DeleteDatasetAsync(userId, name, cancellationToken))
        {
            return DatasetNotFound();
        }

        WorkloadsApiLog.DatasetDeleted(logger, userId, name);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<WorkloadProfile>, ProblemHttpResult>> SummaryAsync(
        string? dataset, ClaimsPrincipal user, IWorkloadStore store, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        if (dataset is not null)
        {
            var datasets = await store.ListDatasetsAsync(userId, cancellationToken);
            if (!datasets.Any(d => d.Name == dataset))
            {
                return DatasetNotFound();
            }
        }

        return TypedResults.Ok(await WorkloadProfile.ComputeAsync(store, userId, new WorkloadFilter { Dataset = dataset }, cancellationToken));
    }

    private static ProblemHttpResult DatasetNotFound() => ApiProblems.NotFound(DatasetNotFoundCode, "There is no such dataset.");

    private static ProblemHttpResult TooLarge(ILogger logger, string userId, long size, long limit)
    {
        WorkloadsApiLog.BodyTooLarge(logger, userId, size, limit);
        return ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", PayloadTooLargeCode,
            $"The body is over the limit of {limit} bytes. Send the events in smaller batches.");
    }
}
