using System.IO.Compression;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Netra.Gateway.Auth;
using Netra.Gateway.Http;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Ingestion;
using Netra.Grains.Workloads.Ingestion.Import;

namespace Netra.Gateway.Workloads;

/// <summary>
/// <c>POST /api/workloads/import</c>: imports a trace file (Azure CSV, Mooncake JSON lines or OTLP JSON) into one of the
/// user's datasets. The body is read as a stream and stored in batches, so a file of any size imports in bounded
/// memory; only <see cref="WorkloadOptions.MaxImportBytes"/> caps it. A <c>Content-Encoding: gzip</c> body is
/// decompressed on the fly. The <c>format</c> parameter says how to read the body; the content type, if any, must be one
/// of <see cref="ContentTypes"/> (others get 415).
/// </summary>
public static class WorkloadsImportApi
{
    /// <summary>The stable code of an import with a missing or invalid query parameter.</summary>
    public const string InvalidImportCode = "invalid_import_parameters";

    /// <summary>The content types an import body may declare (or none).</summary>
    public static readonly string[] ContentTypes =
        ["text/csv", "text/plain", "application/x-ndjson", "application/jsonl", "application/json", "application/octet-stream"];

    /// <summary>Maps the import endpoint on the workloads group.</summary>
    public static RouteHandlerBuilder MapImport(this RouteGroupBuilder group) =>
        group.MapPost("/import", ImportAsync).WithName("ImportWorkloadTrace")
            .WithSummary("Imports a trace file (format=azure-csv, mooncake-jsonl or otlp-json) into a dataset, streaming; bad rows are rejected with their line numbers")
            .Accepts<string>(ContentTypes[0], ContentTypes[1..])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    internal static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportAsync(
        [FromQuery] string? format,
        [FromQuery] string? model,
        [FromQuery] string? dataset,
        [FromQuery(Name = "block_size")] string? blockSize,
        [FromQuery] string? start,
        HttpContext http,
        ClaimsPrincipal user,
        WorkloadIngestion ingestion,
        IOptions<WorkloadOptions> options,
        ILogger<WorkloadIngestion> logger,
        CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        if (TraceImportSettings.TryCreate(format, model, dataset, blockSize, start, out var settings) is { } invalid)
        {
            return ApiProblems.BadRequest(InvalidImportCode, invalid + ".");
        }

        var limit = options.Value.MaxImportBytes;
        var gzip = string.Equals(http.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (limit > 0 && !gzip && http.Request.ContentLength > limit)
        {
            return TooLarge(logger, userId, http.Request.ContentLength.Value, limit, settings!.Dataset, partial: false);
        }

        // The server's own body limit (30 MB in Kestrel) is for buffered bodies; this one streams, and counts for itself.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        var body = new ImportBodyStream(gzip ? new GZipStream(http.Request.Body, CompressionMode.Decompress) : http.Request.Body, limit);
        try
        {
            var result = await ingestion.ImportAsync(userId, body, settings!, cancellationToken);
            WorkloadsApiLog.Imported(logger, userId, settings!.Format, body.BytesRead, result.Accepted, result.Rejected);
            return TypedResults.Ok(result);
        }
        catch (ImportTooLargeException ex)
        {
            return TooLarge(logger, userId, ex.BytesRead, limit, settings!.Dataset, partial: true);
        }
        catch (InvalidDataException ex)
        {
            WorkloadsApiLog.BadGzip(logger, userId, ex.Message);
            return ApiProblems.BadRequest("invalid_gzip", "The body says Content-Encoding: gzip but is not valid gzip. Events read before the fault may be stored.");
        }
    }

    private static ProblemHttpResult TooLarge(ILogger logger, string userId, long size, long limit, string dataset, bool partial)
    {
        WorkloadsApiLog.BodyTooLarge(logger, userId, size, limit);
        return ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", WorkloadsApi.PayloadTooLargeCode,
            $"The trace is over the import limit of {limit} bytes (Netra:Workloads:MaxImportBytes). Split the file."
            + (partial ? $" The batches read before the limit are stored in dataset '{dataset}'; delete it before importing again." : ""));
    }
}
