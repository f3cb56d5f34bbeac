namespace Netra.Runtime.Generator;

/// <summary>What the generator found for one grain class: its model, or the errors that keep it from having one.</summary>
internal sealed record GrainClassResult(GrainClassModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A grain class the generator registers.</summary>
/// <param name="TypeName">The global::-qualified class name.</param>
/// <param name="GrainType">The grain type name in grain ids: [GrainType], or the class name without "Grain", lower case.</param>
/// <param name="Interfaces">The global::-qualified grain interfaces the class implements.</param>
/// <param name="ConstructorArguments">The factory's constructor arguments as C# ("name: expression").</param>
/// <param name="IsReentrant">Whether the class has [Reentrant].</param>
/// <param name="StatelessWorkerMaxLocal">[StatelessWorker]'s maximum, or null.</param>
/// <param name="CollectionAgeMinutes">[CollectionAgeLimit]'s minutes, or null.</param>
internal sealed record GrainClassModel(
    string TypeName,
    string GrainType,
    EquatableArray<string> Interfaces,
    EquatableArray<string> ConstructorArguments,
    bool IsReentrant,
    int? StatelessWorkerMaxLocal,
    double? CollectionAgeMinutes);
