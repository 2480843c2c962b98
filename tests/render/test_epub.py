import io
import zipfile

from lxml import etree

from unspool.render import render_epub

XHTML = "{http://www.w3.org/1999/xhtml}"
OPS = "http://www.idpf.org/2007/ops"


def open_epub(data: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    return archive


def chapter(archive: zipfile.ZipFile) -> etree._Element:
    return etree.fromstring(archive.read("EPUB/thread.xhtml"))


def test_container_and_metadata(thread):
    archive = open_epub(render_epub(thread))
    opf = etree.fromstring(archive.read("EPUB/content.opf"))
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert opf.findtext(f".//{dc}identifier") == "unspool:t3stthread"
    assert opf.findtext(f".//{dc}title") == "Six things I learned growing tomatoes on a balcony #gardening"
    assert opf.findtext(f".//{dc}creator") == "Robin Example"
    assert opf.findtext(f".//{dc}language") == "en"
    assert "EPUB/toc.ncx" in archive.namelist()


def test_nav_document(thread):
    archive = open_epub(render_epub(thread))
    navs = [
        name
        for name in archive.namelist()
        if name.endswith(".xhtml") and b'epub:type="toc"' in archive.read(name)
    ]
    assert navs == ["EPUB/nav.xhtml"]
    nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    assert nav.find(f".//{XHTML}nav").get(f"{{{OPS}}}type") == "toc"


def test_chapter_is_well_formed_with_posts(thread):
    root = chapter(open_epub(render_epub(thread)))
    text = "".join(root.itertext())
    assert "Water in the morning" in text and "بذور الطماطم" in text
    assert "1/" not in text and "🧵" not in text
    assert "[image: Tomato plants in pots on a balcony]" in text
    posts = root.findall(f".//{XHTML}div[@class='post']")
    assert [p.get("lang") for p in posts] == ["en", "en", "ar", "en"]
    hrefs = [a.get("href") for a in root.iter(f"{XHTML}a")]
    assert "https://x.com/hashtag/gardening" in hrefs


def test_language_from_root_post(thread):
    thread.posts[0].lang = "he"
    opf = etree.fromstring(open_epub(render_epub(thread)).read("EPUB/content.opf"))
    assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}language") == "he"
    thread.posts[0].lang = None
    opf = etree.fromstring(open_epub(render_epub(thread)).read("EPUB/content.opf"))
    assert opf.findtext(".//{http://purl.org/dc/elements/1.1/}language") == "en"
