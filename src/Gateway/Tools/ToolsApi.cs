using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Netra.Gateway.Auth;
using Netra.Gateway.Http;
using Netra.Grains.Tools;

namespace Netra.Gateway.Tools;

/// <summary><c>/api/tools</c>: the analysis tools with their parameter schemas, and running one on the user's own data.</summary>
public static class ToolsApi
{
    /// <summary>The stable code of an unknown tool.</summary>
    public const string NotFoundCode = "tool_not_found";

    /// <summary>The stable code of parameters the tool refuses.</summary>
    public const string InvalidParametersCode = "invalid_parameters";

    /// <summary>Registers <see cref="ToolService"/>.</summary>
    public static IServiceCollection AddNetraToolsApi(this IServiceCollection services) => services.AddSingleton<ToolService>();

    /// <summary>Maps the endpoints, all behind the default authorization policy.</summary>
    public static RouteGroupBuilder MapToolsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/tools")
            .WithTags("Tools")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListTools").WithSummary("Lists the analysis tools with their parameter schemas");
        group.MapPost("/{name}", RunAsync).WithName("RunTool").WithSummary("Runs an analysis tool on the user's data; the body holds its parameters")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Ok<IReadOnlyList<ToolView>>> ListAsync(ToolService tools, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tools.ListAsync(cancellationToken));

    internal static async Task<Results<Ok<ToolRunView>, ProblemHttpResult>> RunAsync(
        string name,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] JsonElement? parameters,
        ClaimsPrincipal user,
        ToolService tools,
        CancellationToken cancellationToken)
    {
        if (!await tools.ExistsAsync(name, cancellationToken))
        {
            return ApiProblems.NotFound(NotFoundCode, $"There is no analysis tool named '{name}'. GET /api/tools lists them.");
        }

        if (parameters is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            return ApiProblems.BadRequest(InvalidParametersCode, "The body must be a JSON object of the tool's parameters.");
        }

        try
        {
            var json = parameters is { ValueKind: JsonValueKind.Object } body ? body.GetRawText() : "{}";
            return TypedResults.Ok(ToolRunView.From(await tools.RunAsync(user.GetUserId(), name, json, cancellationToken)));
        }
        catch (ArgumentException ex)
        {
            return ApiProblems.BadRequest(InvalidParametersCode, ex.Message);
        }
    }
}

/// <summary>A tool as <c>GET /api/tools</c> lists it.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Category">cost, latency, caching, routing, workload or reporting.</param>
/// <param name="Description">What it computes.</param>
/// <param name="Parameters">The JSON Schema of its parameters.</param>
public sealed record ToolView(string Name, string Category, string Description, JsonElement Parameters)
{
    /// <summary>The view of <paramref name="descriptor"/>.</summary>
    public static ToolView From(ToolDescriptor descriptor) => new(
        descriptor.Name, descriptor.Category, descriptor.Description, JsonDocument.Parse(descriptor.ParameterSchemaJson).RootElement.Clone());
}

/// <summary>What <c>POST /api/tools/{name}</c> returns.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Summary">One paragraph made from the numbers in <paramref name="Data"/>.</param>
/// <param name="Data">Numbers, tables and chart series.</param>
/// <param name="InsufficientData">True when there was too little data to answer.</param>
/// <param name="DurationMs">How long the tool took.</param>
public sealed record ToolRunView(string Tool, string Summary, JsonElement Data, bool InsufficientData, double DurationMs)
{
    /// <summary>The view of <paramref name="result"/>.</summary>
    public static ToolRunView From(ToolResult result) => new(
        result.Tool, result.Summary, JsonDocument.Parse(result.DataJson).RootElement.Clone(), result.InsufficientData, result.DurationMs);
}
