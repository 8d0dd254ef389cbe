using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CudaImages.Sboms;

namespace CudaImages.Tests.Sboms;

/// <summary>The SBOM documents of synthetic images, checked against the standards (Schemas/SOURCES.md says where each schema comes from).</summary>
public class SbomDocumentTests
{
    static readonly SbomSubject Subject = new("11.8.0-pycuda-debian12", "cuda:11.8.0-pycuda-debian12", "sha256:" + new string('a', 64), "debian12",
        new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero), "CudaImages test");

    static async Task<JsonObject> CycloneDx() => CycloneDxDocument.Of(Subject, await SyntheticInventory.FrameworkInventoryAsync());

    static async Task<JsonObject> Spdx() => SpdxDocument.Of(Subject, await SyntheticInventory.FrameworkInventoryAsync());

    [Fact]
    public async Task CycloneDx_document_is_valid_against_the_official_1_6_schema()
    {
        var result = OfficialSchema.CycloneDx.Validate(await CycloneDx());

        result.IsValid.ShouldBeTrue(OfficialSchema.Errors(result));
    }

    [Fact]
    public async Task The_official_schema_refuses_a_licence_id_that_spdx_does_not_define()
    {
        var bom = await CycloneDx();
        bom["components"]![0]!["licenses"] = new JsonArray { new JsonObject { ["license"] = new JsonObject { ["id"] = "other-NVIDIA" } } };

        OfficialSchema.CycloneDx.Validate(bom).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task CycloneDx_lists_each_package_with_its_purl_licences_and_layer()
    {
        var cublas = (await CycloneDx())["components"]!.AsArray().Single(c => (string?)c!["name"] == "libcublas11")!;

        ((string?)cublas["purl"]).ShouldBe("pkg:deb/debian/libcublas11@11.11.3.6~11.8.0-5~deb12u1?arch=amd64&distro=debian-12");
        ((string?)cublas["licenses"]![0]!["license"]!["name"]).ShouldBe("other-NVIDIA-CUDA-TOOLKIT-11.6.2");
        cublas["properties"]!.AsArray().Select(p => ((string?)p!["name"], (string?)p["value"]))
            .ShouldContain(("cudaimages:source-package", "nvidia-cuda-toolkit"));
    }

    [Fact]
    public async Task CycloneDx_describes_the_image_by_its_id_with_a_stable_serial_number()
    {
        var bom = await CycloneDx();

        ((string?)bom["metadata"]!["component"]!["bom-ref"]).ShouldBe(Subject.ImageId);
        ((string?)bom["serialNumber"]).ShouldBe((string?)(await CycloneDx())["serialNumber"]);
    }

    /// <summary>The synthetic chain's images: OS only (no licence ref), with CUDA (NVIDIA's licence ref), with Python and a whiteout.</summary>
    public static TheoryData<string> Fixtures => ["base", "runtime", "framework"];

    /// <summary>The synthetic chain's images: OS only (no licence ref), with CUDA (NVIDIA's licence ref), with Python and a whiteout.</summary>
    static Task<ImageInventory> FixtureInventory(string image) => SyntheticInventory.InventoryAsync(image switch
    {
        "base" => [SyntheticInventory.OsLayer],
        "runtime" => [SyntheticInventory.OsLayer, SyntheticInventory.CudaLayer],
        _ => SyntheticInventory.Framework,
    });

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Spdx_document_is_valid_against_the_official_2_3_schema(string image)
    {
        var result = OfficialSchema.Spdx.Validate(SpdxDocument.Of(Subject, await FixtureInventory(image)));

        result.IsValid.ShouldBeTrue(OfficialSchema.Errors(result));
    }

    [Fact]
    public async Task The_official_spdx_schema_refuses_a_relationship_type_spdx_does_not_define()
    {
        var document = await Spdx();
        document["relationships"]![0]!["relationshipType"] = "INCLUDES";

        OfficialSchema.Spdx.Validate(document).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task The_official_spdx_schema_refuses_a_package_field_spdx_does_not_define()
    {
        var document = await Spdx();
        document["packages"]![1]!["layer"] = "sha256:" + new string('b', 64);

        OfficialSchema.Spdx.Validate(document).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task Spdx_document_has_every_field_spdx_2_3_requires()
    {
        var document = await Spdx();

        foreach (var field in new[] { "spdxVersion", "dataLicense", "SPDXID", "name", "documentNamespace", "creationInfo" })
            document[field].ShouldNotBeNull(field);
        ((string?)document["spdxVersion"]).ShouldBe("SPDX-2.3");
        ((string?)document["dataLicense"]).ShouldBe("CC0-1.0");
        document["creationInfo"]!["creators"]!.AsArray().ShouldNotBeEmpty();
        foreach (var package in document["packages"]!.AsArray())
            foreach (var field in new[] { "SPDXID", "name", "downloadLocation" })
                package![field].ShouldNotBeNull($"{package["name"]}: {field}");
    }

    [Fact]
    public async Task Spdx_identifiers_follow_the_spec_grammar_and_are_unique()
    {
        var ids = (await Spdx())["packages"]!.AsArray().Select(p => (string)p!["SPDXID"]!).ToList();

        ids.ShouldAllBe(id => Regex.IsMatch(id, "^SPDXRef-[A-Za-z0-9.-]+$"));
        ids.Distinct().Count().ShouldBe(ids.Count);
    }

    [Fact]
    public async Task Spdx_relationships_name_only_elements_of_the_document()
    {
        var document = await Spdx();
        var ids = document["packages"]!.AsArray().Select(p => (string)p!["SPDXID"]!).Append("SPDXRef-DOCUMENT").ToHashSet();

        foreach (var relationship in document["relationships"]!.AsArray())
        {
            ids.ShouldContain((string)relationship!["spdxElementId"]!);
            ids.ShouldContain((string)relationship["relatedSpdxElement"]!);
        }
    }

    [Fact]
    public async Task Spdx_licence_expressions_use_spdx_ids_and_declare_every_licence_ref()
    {
        var document = await Spdx();
        var packages = document["packages"]!.AsArray();
        var declared = document["hasExtractedLicensingInfos"]!.AsArray().Select(l => (string)l!["licenseId"]!).ToHashSet();

        ((string?)packages.Single(p => (string?)p!["name"] == "libc6")!["licenseDeclared"]).ShouldBe("LGPL-2.1-or-later AND GPL-2.0-or-later");
        var refs = packages.SelectMany(p => Regex.Matches((string)p!["licenseDeclared"]!, @"LicenseRef-[A-Za-z0-9.-]+").Select(m => m.Value)).ToHashSet();
        refs.ShouldContain("LicenseRef-other-NVIDIA-CUDA-TOOLKIT-11.6.2");
        declared.ShouldBe(refs, ignoreOrder: true);
    }

    [Fact]
    public async Task Spdx_package_carries_its_purl_as_a_package_manager_reference()
    {
        var pycuda = (await Spdx())["packages"]!.AsArray().Single(p => (string?)p!["name"] == "pycuda")!;

        ((string?)pycuda["externalRefs"]![0]!["referenceLocator"]).ShouldBe("pkg:pypi/pycuda@2022.2.2");
        ((string?)pycuda["externalRefs"]![0]!["referenceCategory"]).ShouldBe("PACKAGE-MANAGER");
    }
}
