using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Caching;

/// <summary>
/// <c>semantic_duplicate_finder</c>: exact repeats (requests per <c>prompt_hash</c>, counted in the store), and near
/// repeats through prefix overlap (<see cref="NearRepeatGroups"/>, a bounded stream), with the top candidate groups
/// for a response cache and the tokens and cost they repeat. A group of n exact repeats repeats (n − 1) / n of its
/// tokens and cost: every request but the first could have been served from a cache, at the group's mean cost.
/// </summary>
public sealed class SemanticDuplicateFinderTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "semantic_duplicate_finder";

    /// <inheritdoc />
    public string Category => ToolCategories.Caching;

    /// <inheritdoc />
    public string Description =>
        "Finds repeated prompts (the same prompt_hash) and near-repeated ones (sharing their first prefix blocks and most of their prefix), "
        + "with the top candidate groups for a response or semantic cache and the tokens and cost they repeat.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Integer("min_shared_blocks", "Near repeats share at least this many leading prefix blocks.", 2, 1, 64),
        ToolParameters.Number("min_overlap", "Near repeats share leading blocks covering at least this share of the longer prefix.", 0.8, 0, 1),
        ToolParameters.Integer("top", "How many candidate groups to return.", 10, 1, 100),
        ToolParameters.Integer("max_groups", "The most prefix groups tracked at once (bounds memory); later new groups are counted as untracked.", 100_000, 1, 1_000_000),
        ReplaySample.Parameter);

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var a = context.Arguments;
        var k = (int)a.Integer("min_shared_blocks")!.Value;
        var top = (int)a.Integer("top")!.Value;
        // Only the repeated hashes come back from the store, and the requests with a hash are counted beside them.
        var repeated = context.QueryAsync(
            new WorkloadQuery(context.Filter, [WorkloadDimension.PromptHash], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Sum(WorkloadField.TotalTokens)])
            {
                MinGroupEvents = 2,
            },
            cancellationToken);
        var hashed = context.QueryAsync([], [Measure.CountPresent(WorkloadDimension.PromptHash)], cancellationToken);
        await Task.WhenAll(repeated, hashed);
        var exactRows = (await repeated).Rows.Where(r => r.Keys[0] is not null).ToList();
        var withHash = (long)(await hashed).Single.ValueOrZero(0);
        var exact = exactRows.Where(r => r.ValueOrZero(0) > 1).Select(r =>
        {
            var n = r.ValueOrZero(0);
            return new Candidate("exact", r.Keys[0]!, (long)n, (long)n - 1, null, ToolText.Round(r.ValueOrZero(2) * (n - 1) / n, 1), ToolText.Round(r.ValueOrZero(1) * (n - 1) / n));
        }).ToList();

        var near = new NearRepeatGroups(k, a.Number("min_overlap")!.Value, (int)a.Integer("max_groups")!.Value);
        var sample = await ReplaySample.PlanAsync(context, context.Filter.And(WorkloadField.PrefixBlocks, Comparison.GreaterOrEqual, k), cancellationToken, CachePolicyOptimizerTool.CacheWindows);
        await foreach (var e in sample.ReadAsync(context, cancellationToken))
        {
            near.Add(e.PrefixHashes!, e.PromptHash, e.InputTokens + e.OutputTokens, (double)(e.CostUsd ?? 0));
        }

        if (withHash == 0 && near.Requests == 0)
        {
            var all = await ToolQueries.CountAsync(context, cancellationToken);
            return ToolOutput.Insufficient(
                all == 0
                    ? $"There are no requests {context.Scope} to look for repeats in."
                    : $"None of the {ToolText.Count(all)} requests {context.Scope} carries a prompt_hash or at least {k} prefix blocks, so repeats cannot be recognised.",
                new { requests = all, requests_with_prompt_hash = 0, requests_with_prefix_blocks = 0 });
        }

        var nearGroups = near.WithRepeats().Select(g => new Candidate(
            "near", $"first {k} blocks {g.Key}", g.Requests, g.NearRepeats, ToolText.Round(g.OverlapSum / g.NearRepeats),
            g.RepeatedTokens, ToolText.Round(g.RepeatedCostUsd))).ToList();
        var candidates = exact.Concat(nearGroups)
            .OrderByDescending(c => c.RepeatedCostUsd).ThenByDescending(c => c.Repeats).ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(top).ToList();
        var exactRepeats = exact.Sum(c => c.Repeats);
        var exactCost = ToolText.Round(exact.Sum(c => c.RepeatedCostUsd));
        var nearRepeats = nearGroups.Sum(c => c.Repeats);
        var nearCost = ToolText.Round(nearGroups.Sum(c => c.RepeatedCostUsd));
        var summary = $"{ToolText.Count(exactRepeats)} of {ToolText.Count(withHash)} requests with a prompt_hash {context.Scope} repeat an earlier prompt exactly "
            + $"({ToolText.Percent(ToolText.Share(exactRepeats, withHash))}, in {exact.Count} groups), repeating {ToolText.Usd(exactCost)} of spend; "
            + $"{ToolText.Count(nearRepeats)} of {ToolText.Count(near.Requests)} requests with at least {k} prefix blocks nearly repeat one "
            + $"(same first {k} blocks, a different prompt), worth {ToolText.Usd(nearCost)}. "
            + (candidates.Count > 0
                ? $"The top cache candidate is the {candidates[0].Kind} group {candidates[0].Key} with {ToolText.Count(candidates[0].Repeats)} repeats costing {ToolText.Usd(candidates[0].RepeatedCostUsd)}."
                : "No group repeats, so a response cache has nothing to serve.")
            + (near.UntrackedRequests > 0 ? $" {ToolText.Count(near.UntrackedRequests)} requests fell outside the tracked prefix groups." : "")
            + (sample.Sampled ? " The exact repeats count every request; the near repeats come from a replay of a sample." + sample.Sentence + sample.ColdStartCaveat : "");
        return new ToolOutput(summary, new
        {
            definition = "Exact: requests sharing a prompt_hash; a group of n repeats (n − 1) / n of its tokens and cost. Near: requests sharing their first "
                + "min_shared_blocks prefix blocks with the group's first request, a different (or missing) prompt_hash, and common leading blocks ≥ min_overlap × the longer "
                + "prefix; each repeats its own input + output tokens and cost. Near repeats are compared with the group's first request only, so a later variant's "
                + "exact repeats can be counted in both.",
            requests_with_prompt_hash = withHash,
            exact_repeat_requests = exactRepeats,
            exact_repeat_share = ToolText.Round(ToolText.Share(exactRepeats, withHash)),
            exact_groups = exact.Count,
            exact_repeated_cost_usd = exactCost,
            requests_with_prefix_blocks = near.Requests,
            near_repeat_requests = nearRepeats,
            near_groups = nearGroups.Count,
            near_repeated_cost_usd = nearCost,
            untracked_requests = near.UntrackedRequests,
            near_sampling = sample.View(),
            candidates,
            opportunities = new[]
            {
                exactCost > 0 ? new
                {
                    title = "Serve exact repeated prompts from a response cache",
                    detail = $"{ToolText.Count(exactRepeats)} requests repeat an earlier prompt_hash in {exact.Count} groups; a response cache keyed by the prompt hash "
                        + $"would answer them, saving up to {ToolText.Usd(exactCost)} (cache_policy_optimizer sizes it).",
                    saving_usd = exactCost,
                    effort = "medium",
                } : null,
                nearCost > 0 ? new
                {
                    title = "Try a semantic cache for near-repeated prompts",
                    detail = $"{ToolText.Count(nearRepeats)} requests share their leading prefix with an earlier, different prompt; a semantic cache with a quality check "
                        + $"could answer some of them. {ToolText.Usd(nearCost)} is the upper bound if every one were served.",
                    saving_usd = ToolText.Round(nearCost * sample.Scale),
                    effort = "high",
                } : null,
            }.Where(o => o is not null).ToList(),
        });
    }

    /// <summary>One group of repeated prompts.</summary>
    private sealed record Candidate(string Kind, string Key, long Requests, long Repeats, double? MeanOverlap, double RepeatedTokens, double RepeatedCostUsd);
}
