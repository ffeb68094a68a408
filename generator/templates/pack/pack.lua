-- Panel Papers pack filter: turns the pack's skeleton into Typst or DOCX layout.
-- Referral text arrives as code blocks of class "usertext" and is parsed here with raw
-- HTML, raw TeX, raw attributes, citations and maths switched off, so nothing in a
-- referral can reach the output as code. Only this filter emits raw Typst / OpenXML.

local USER_FORMAT = "markdown-raw_html-raw_tex-raw_attribute-citations-tex_math_dollars"
  .. "-yaml_metadata_block-auto_identifiers-implicit_figures-fenced_divs-bracketed_spans"
local MAX_COLUMNS = 8
local is_typst = FORMAT == "typst"

local function raw(typst, openxml)
  if is_typst then
    return pandoc.RawBlock("typst", typst)
  end
  return pandoc.RawBlock("openxml", openxml or "")
end

local function pagebreak()
  return raw("#pagebreak(weak: true)", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
end

-- Clean what a referral wrote: no images, no internal links, no ids, headings below the pack's.
local clean = {
  Image = function(img)
    local alt = pandoc.utils.stringify(img.caption)
    return pandoc.Emph({ pandoc.Str("[picture left out" .. (alt ~= "" and (": " .. alt) or "") .. "]") })
  end,
  Link = function(link)
    local target = link.target or ""
    if target:match("^https?://") or target:match("^mailto:") then
      link.attr = pandoc.Attr()
      return link
    end
    return link.content
  end,
  Header = function(h)
    return pandoc.Para({ pandoc.Strong(h.content) })
  end,
  RawBlock = function() return {} end,
  RawInline = function() return {} end,
  Div = function(div) return div.content end,
  Span = function(span) return span.content end,
  Note = function(note) return pandoc.Span(pandoc.utils.blocks_to_inlines(note.content, { pandoc.Space() })) end,
  Table = function(tbl)
    if #tbl.colspecs <= MAX_COLUMNS then
      tbl.attr = pandoc.Attr()
      return tbl
    end
    -- Too wide to print: one paragraph per row, "header: value; ...".
    local simple = pandoc.utils.to_simple_table(tbl)
    local out = { pandoc.Para({ pandoc.Emph({ pandoc.Str(
      "[a table " .. #tbl.colspecs .. " columns wide, printed row by row]") }) }) }
    for _, row in ipairs(simple.rows) do
      local inlines = {}
      for i, cell in ipairs(row) do
        local head = simple.headers[i] and pandoc.utils.stringify(simple.headers[i]) or ""
        local value = pandoc.utils.stringify(cell)
        if value ~= "" then
          if #inlines > 0 then inlines[#inlines + 1] = pandoc.Str("; ") end
          if head ~= "" then inlines[#inlines + 1] = pandoc.Strong({ pandoc.Str(head .. ":") }) end
          inlines[#inlines + 1] = pandoc.Str(" " .. value)
        end
      end
      out[#out + 1] = pandoc.Para(inlines)
    end
    return out
  end,
}

local function user_blocks(text)
  local doc = pandoc.read(text, USER_FORMAT)
  return doc.blocks:walk(clean)
end

local function ruled_lines(n, height)
  local xml = {}
  for _ = 1, n do
    xml[#xml + 1] = '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="808080"/>'
      .. '</w:pBdr><w:spacing w:before="240"/></w:pPr></w:p>'
  end
  return raw('#block(width: 100%, height: ' .. height .. ', stroke: 0.5pt + luma(120), radius: 2pt)[]',
    table.concat(xml))
end

local TOC_XML = '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
  .. '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>'
  .. '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>Contents</w:t></w:r></w:p>'
  .. '<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
  .. '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r>'
  .. '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
  .. '<w:r><w:t>Word fills in this table of contents when the document is opened '
  .. '(or right-click, Update Field).</w:t></w:r>'
  .. '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>'

local function grid(div)
  -- A row of columns (Signs of Safety): each child Div is one column with a heading line.
  local headers, cells, specs = {}, {}, {}
  for _, col in ipairs(div.content) do
    if col.t == "Div" then
      headers[#headers + 1] = { pandoc.Plain({ pandoc.Str(col.attributes["heading"] or "") }) }
      cells[#cells + 1] = col.content
      specs[#specs + 1] = 1 / 3
    end
  end
  local aligns, widths = {}, {}
  for i = 1, #headers do
    aligns[i] = pandoc.AlignDefault
    widths[i] = 1 / #headers
  end
  local simple = pandoc.SimpleTable({}, aligns, widths, headers, { cells })
  return pandoc.utils.from_simple_table(simple)
end

function Div(div)
  local c = div.classes
  if c:includes("pagebreak") then
    return pagebreak()
  elseif c:includes("toc") then
    return raw('#outline(title: [Contents], depth: 1)', TOC_XML)
  elseif c:includes("writing") then
    local n = tonumber(div.attributes["lines"] or "4") or 4
    return ruled_lines(n, string.format("%.1fcm", n * 0.9))
  elseif c:includes("cover") then
    if not is_typst then
      return div.content
    end
    local blocks = pandoc.Blocks({ raw("#block(width: 100%, inset: (top: 2cm))[") })
    blocks:extend(div.content)
    blocks:insert(raw("]"))
    return blocks
  elseif c:includes("grid") then
    return grid(div)
  elseif c:includes("attachmentpage") then
    -- One page of an attached document: a picture the pack command put beside the Typst source (PDF only;
    -- the DOCX lists the document by its title instead). The name is the pack's own; the alt text is escaped here.
    if not is_typst then
      return {}
    end
    local name = (div.attributes["file"] or ""):gsub('[^%w%-%.]', '')
    local alt = (div.attributes["alt"] or ""):gsub('\\', '\\\\'):gsub('"', '\\"')
    -- The first page goes under the document's heading; each further page starts a page of its own.
    local first = div.attributes["first"] == "yes"
    return raw((first and "" or "#pagebreak(weak: true)\n") .. '#align(center, image("' .. name .. '", alt: "'
      .. alt .. '", width: 100%, height: ' .. (first and "19cm" or "22cm") .. ', fit: "contain"))')
  elseif c:includes("itemstart") then
    -- Read by pack.typ's page header: pages an item continues onto name it.
    local function quoted(value)
      return '"' .. (value or ""):gsub('[^%w%-]', '') .. '"'
    end
    return raw("#metadata((number: " .. quoted(div.attributes["number"]) .. ", referral: "
      .. quoted(div.attributes["referral"]) .. ")) <panel-item>")
  end
  return nil
end

function CodeBlock(block)
  if block.classes:includes("usertext") then
    return user_blocks(block.text)
  end
  return nil
end

-- Header cells in bold (Typst does not style a table's header by itself).
local function bold_header(tbl)
  local strong = {
    Plain = function(p) return pandoc.Plain({ pandoc.Strong(p.content) }) end,
    Para = function(p) return pandoc.Para({ pandoc.Strong(p.content) }) end,
  }
  for _, row in ipairs(tbl.head.rows) do
    for _, cell in ipairs(row.cells) do
      cell.contents = cell.contents:walk(strong)
    end
  end
  return tbl
end

return {
  { CodeBlock = CodeBlock },
  { Div = Div },
  { Table = bold_header },
}
