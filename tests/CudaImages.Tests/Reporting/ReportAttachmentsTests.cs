using CudaImages.Reporting;

namespace CudaImages.Tests.Reporting;

/// <summary>
/// What the report says about each published digest's signature and attachments, from the report fixture's publish.json:
/// base signed by a key, runtime keyless, devel pushed with nothing attached, pycuda already published with nothing recorded,
/// the Debian 13 images not published.
/// </summary>
public class ReportAttachmentsTests
{
    const string Fingerprint = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static readonly Lazy<ReportFile> Published = new(() => ReportFixture.With(ReportFixture.Publish));

    static ReportImage Image(string tag) => Published.Value.Find(tag)!;

    [Fact]
    public void Report_json_carries_the_signing_key_SBOM_formats_and_provenance_digest_publish_json_recorded()
    {
        var attached = Image("11.8.0-base-debian12").Attachments.ShouldNotBeNull();

        attached.Signature!.KeyFingerprint.ShouldBe(Fingerprint);
        attached.Sboms.ShouldBe(["spdx", "cyclonedx"]);
        attached.Provenance.ShouldBe("sha256:3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a");
    }

    [Fact]
    public void An_image_not_published_carries_no_attachments()
    {
        Image("12.4.1-base-debian13").Attachments.ShouldBeNull();
    }

    [Theory]
    [InlineData("11.8.0-base-debian12", "signed by key " + Fingerprint)]
    [InlineData("11.8.0-runtime-debian12", "signed keyless (GitHub OIDC)")]
    [InlineData("11.8.0-devel-debian12", "not signed")]
    [InlineData("11.8.0-pycuda-debian12", "not recorded")]
    [InlineData("12.4.1-base-debian13", "not published")]
    public void Signature_says_how_the_published_digest_is_signed(string tag, string expected)
    {
        ReportText.Signature(Image(tag)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("11.8.0-base-debian12", "SBOM attached (SPDX, CycloneDX); provenance attached (sha256:3b4c5d6e7f80)")]
    [InlineData("11.8.0-devel-debian12", "nothing attached")]
    [InlineData("11.8.0-pycuda-debian12", "not recorded")]
    [InlineData("12.4.1-base-debian13", "not published")]
    public void Attached_names_the_SBOM_formats_and_the_provenance_on_the_published_digest(string tag, string expected)
    {
        ReportText.Attached(Image(tag)).ShouldBe(expected);
    }

    [Fact]
    public void Markdown_lists_each_image_s_signature_and_attachments_in_the_registry()
    {
        var markdown = ReportMarkdown.Render(Published.Value);

        markdown.ShouldContain($"| `11.8.0-base-debian12` | signed by key {Fingerprint} | SBOM attached (SPDX, CycloneDX); provenance attached (sha256:3b4c5d6e7f80) |");
        markdown.ShouldContain("| `12.4.1-base-debian13` | not published | not published |");
    }

    [Fact]
    public void Markdown_of_a_run_that_published_nothing_has_no_registry_table()
    {
        ReportMarkdown.Render(ReportFixture.With(ReportFixture.Build)).ShouldNotContain("| Image | Signature | Attached |");
    }

    [Fact]
    public void Page_shows_the_key_that_signed_each_digest_and_flags_an_unsigned_one()
    {
        var html = ReportPage.Render(Published.Value);

        html.ShouldContain($"<td>signed by key {Fingerprint}</td>");
        html.ShouldContain("<td>signed keyless (GitHub OIDC)</td>");
        html.ShouldContain("<td><span class=\"warn\">not signed</span></td>");
    }
}
