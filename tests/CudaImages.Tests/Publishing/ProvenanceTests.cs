using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Publishing.Attachments;
using CudaImages.Smoke;

namespace CudaImages.Tests.Publishing;

/// <summary>The SLSA provenance predicate of the repository's Debian 12 runtime image, and the document its buildType names.</summary>
public class ProvenanceTests
{
    const string Source = "https://github.com/cudaimages/cudaimages";
    const string ParentDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    static readonly Lazy<BuildPlan> Plan = new(() =>
        Planner.Plan(MatrixLoader.Load(TestPaths.Images, SmokeCheckRegistry.Default.Catalogue), new Selection(["11.8"], ["debian12"], ["runtime"], [])));

    static ImageSpec Runtime => Plan.Value.Find("11.8.0-runtime-debian12")!;

    static readonly ProvenanceFacts Facts = new(Source, "0123456789abcdef0123456789abcdef01234567",
        new Dictionary<string, string> { ["cuda"] = "11.8", ["distro"] = "debian12", ["flavor"] = "", ["image"] = "", ["repository"] = "cuda", ["registry"] = "ghcr.io/acme/cuda" },
        "https://github.com/cudaimages/cudaimages/actions/runs/1", new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero));

    static JsonObject Predicate() => Provenance.Predicate(Runtime,
        new ImageProvenance("debian:12", "sha256:" + new string('2', 64), "ghcr.io/acme/cuda:11.8.0-base-debian12", ParentDigest), Facts);

    static string Document => File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "provenance.md"));

    [Fact]
    public void Build_type_is_the_provenance_document_s_v1_section_on_the_default_branch()
    {
        var buildType = (string)Predicate()["buildDefinition"]!["buildType"]!;

        buildType.ShouldBe($"{Source}/blob/main/docs/provenance.md#build-type-v1");
        Document.ShouldContain("\n## Build type v1\n"); // GitHub's anchor for this heading is #build-type-v1
    }

    [Fact]
    public void Package_set_hash_is_the_hash_of_the_locked_packages_of_the_image_s_chain()
    {
        var internals = Predicate()["buildDefinition"]!["internalParameters"]!;

        ((string?)internals["packageSetHash"]).ShouldBe(LockedPackages.Hash(Runtime.LockedSet.ShouldNotBeNull()));
        ((string?)internals["packageSetHash"]).ShouldBe(Runtime.Labels["io.cudaimages.package-set"]);
    }

    [Fact]
    public void Parent_dependency_is_the_parent_s_fixed_tag_in_the_registry_with_its_manifest_digest()
    {
        var parent = Predicate()["buildDefinition"]!["resolvedDependencies"]!.AsArray().Single(d => (string?)d!["name"] == "11.8.0-base-debian12")!;

        ((string?)parent["uri"]).ShouldBe("pkg:docker/ghcr.io/acme/cuda:11.8.0-base-debian12");
        ((string?)parent["digest"]!["sha256"]).ShouldBe(ParentDigest["sha256:".Length..]);
    }

    [Fact]
    public void Every_parameter_field_the_predicate_writes_is_described_in_docs_provenance_md()
    {
        var definition = Predicate()["buildDefinition"]!;
        var external = definition["externalParameters"]!.AsObject();
        var fields = external.Where(p => p.Key != "parameters").Select(p => p.Key)
            .Concat(external["parameters"]!.AsObject().Select(p => "parameters." + p.Key))
            .Concat(definition["internalParameters"]!.AsObject().Select(p => p.Key))
            .Concat(definition["resolvedDependencies"]!.AsArray().SelectMany(d => d!.AsObject().Select(p => p.Key)))
            .Concat(Predicate()["runDetails"]!["metadata"]!.AsObject().Select(p => "metadata." + p.Key))
            .Distinct();

        var described = Regex.Matches(Document, "`([A-Za-z.]+)`").Select(m => m.Groups[1].Value).ToHashSet();
        fields.Where(f => !described.Contains(f)).ShouldBeEmpty("fields the predicate writes that docs/provenance.md does not describe");
    }
}
