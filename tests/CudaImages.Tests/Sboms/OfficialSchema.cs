using System.Text.Json.Nodes;
using Json.Schema;

namespace CudaImages.Tests.Sboms;

/// <summary>An SBOM standard's official JSON schema, kept unmodified under Schemas/ (SOURCES.md says where each comes from), loaded once.</summary>
sealed class OfficialSchema(Func<JsonSchema> load)
{
    /// <summary>CycloneDX 1.6 with the two schemas it refers to by file name, relative to its own $id.</summary>
    public static readonly OfficialSchema CycloneDx = new(() =>
    {
        SchemaRegistry.Global.Register(new Uri("http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json"), JsonSchema.FromText(Text("spdx.SNAPSHOT.schema.json")));
        SchemaRegistry.Global.Register(new Uri("http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json"), JsonSchema.FromText(Text("jsf-0.82.SNAPSHOT.schema.json")));
        return JsonSchema.FromText(Text("bom-1.6.SNAPSHOT.schema.json"));
    });

    public static readonly OfficialSchema Spdx = new(() => JsonSchema.FromText(Text("spdx-2.3.schema.json")));

    readonly Lazy<JsonSchema> schema = new(load);

    public EvaluationResults Validate(JsonNode document) =>
        schema.Value.Evaluate(System.Text.Json.JsonDocument.Parse(document.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    /// <summary>The first errors, each with where in the document it is, for a failing assertion's message.</summary>
    public static string Errors(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(20));

    static string Text(string file) => File.ReadAllText(Path.Combine(TestPaths.Tests, "Sboms", "Schemas", file));
}
