using Microsoft.Extensions.DependencyInjection;
using Netra.Grains.Tools.Caching;
using Netra.Grains.Tools.Cost;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Tools.Latency;
using Netra.Grains.Tools.Reporting;
using Netra.Grains.Tools.Routing;
using Netra.Grains.Tools.Workload;

namespace Netra.Grains.Tools;

/// <summary>Registers the analysis tools, their registry and runner.</summary>
public static class ToolServiceCollectionExtensions
{
    /// <summary>Every tool this build implements, in ../shared/TOOLS.md order within each category.</summary>
    public static IReadOnlyList<IAnalysisTool> All { get; } =
    [
        new CostAnalyzerTool(),
        new CostDriverIdentifierTool(),
        new CostImpactSimulatorTool(),
        new CostReductionQualityPreservationTool(),
        new CostForecasterTool(),
        new BudgetMonitorTool(),
        new TokenWasteAnalyzerTool(),
        new LatencyAnalyzerTool(),
        new LatencyBottleneckIdentifierTool(),
        new FunctionPerformanceAnalyzerTool(),
        new PerformanceGainsSimulatorTool(),
        new ThroughputAnalyzerTool(),
        new ErrorRateAnalyzerTool(),
        new RateLimitPlannerTool(),
        new CapacityPlannerTool(),
        new BatchingOpportunityFinderTool(),
        new KvCacheFinderTool(),
        new KvCacheOptimizationAuditTool(),
        new CachePolicyOptimizerTool(),
        new SemanticDuplicateFinderTool(),
        new PromptLengthAnalyzerTool(),
        new OutputLengthAnalyzerTool(),
        new ModelMixAnalyzerTool(),
        new PolicyProposerTool(),
        new PolicySimulatorTool(),
        new OptimalPolicyProposerTool(),
        new ProviderFallbackPlannerTool(),
        new WorkloadProfilerTool(),
        new AnomalyDetectorTool(),
        new TimeOfDayAnalyzerTool(),
        new UserSegmentationAnalyzerTool(),
        new SupplyCatalogSearchTool(),
        new EvaluationCriteriaDefinerTool(),
        new ActionPlanGeneratorTool(),
        new FinalReportGeneratorTool(),
    ];

    /// <summary>Adds <see cref="All"/>, the <see cref="ToolRegistry"/> and the <see cref="ToolRunner"/>.</summary>
    public static IServiceCollection AddNetraTools(this IServiceCollection services)
    {
        services.AddSingleton(new ToolRegistry(All));
        services.AddSingleton<ToolRunner>();
        return services;
    }
}
