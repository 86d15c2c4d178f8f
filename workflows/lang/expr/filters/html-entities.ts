// Generated from Python 3.11's html module (html.entities.name2codepoint, html.unescape's tables):
// the named character references html.unescape knows from HTML 4, and its rules for numeric ones.
// The full HTML5 table (2,231 names) is left out; docs/template-engine-notes.md says so.

/** `name` → code point; html.unescape also knows each with a `;`. */
export const NAMED_ENTITIES: ReadonlyMap<string, number> = new Map(
  (
    'AElig:198 AMP:38 Aacute:193 Acirc:194 Agrave:192 Alpha:913 Aring:197 Atilde:195 Auml:196 ' +
    'Beta:914 COPY:169 Ccedil:199 Chi:935 Dagger:8225 Delta:916 ETH:208 Eacute:201 Ecirc:202 ' +
    'Egrave:200 Epsilon:917 Eta:919 Euml:203 GT:62 Gamma:915 Iacute:205 Icirc:206 Igrave:204 ' +
    'Iota:921 Iuml:207 Kappa:922 LT:60 Lambda:923 Mu:924 Ntilde:209 Nu:925 OElig:338 ' +
    'Oacute:211 Ocirc:212 Ograve:210 Omega:937 Omicron:927 Oslash:216 Otilde:213 Ouml:214 Phi:934 ' +
    'Pi:928 Prime:8243 Psi:936 QUOT:34 REG:174 Rho:929 Scaron:352 Sigma:931 THORN:222 ' +
    'Tau:932 Theta:920 Uacute:218 Ucirc:219 Ugrave:217 Upsilon:933 Uuml:220 Xi:926 Yacute:221 ' +
    'Yuml:376 Zeta:918 aacute:225 acirc:226 acute:180 aelig:230 agrave:224 alefsym:8501 alpha:945 ' +
    'amp:38 and:8743 ang:8736 apos:39 aring:229 asymp:8776 atilde:227 auml:228 bdquo:8222 ' +
    'beta:946 brvbar:166 bull:8226 cap:8745 ccedil:231 cedil:184 cent:162 chi:967 circ:710 ' +
    'clubs:9827 cong:8773 copy:169 crarr:8629 cup:8746 curren:164 dArr:8659 dagger:8224 darr:8595 ' +
    'deg:176 delta:948 diams:9830 divide:247 eacute:233 ecirc:234 egrave:232 empty:8709 emsp:8195 ' +
    'ensp:8194 epsilon:949 equiv:8801 eta:951 eth:240 euml:235 euro:8364 exist:8707 fnof:402 ' +
    'forall:8704 frac12:189 frac14:188 frac34:190 frasl:8260 gamma:947 ge:8805 gt:62 hArr:8660 ' +
    'harr:8596 hearts:9829 hellip:8230 iacute:237 icirc:238 iexcl:161 igrave:236 image:8465 infin:8734 ' +
    'int:8747 iota:953 iquest:191 isin:8712 iuml:239 kappa:954 lArr:8656 lambda:955 lang:10216 ' +
    'laquo:171 larr:8592 lceil:8968 ldquo:8220 le:8804 lfloor:8970 lowast:8727 loz:9674 lrm:8206 ' +
    'lsaquo:8249 lsquo:8216 lt:60 macr:175 mdash:8212 micro:181 middot:183 minus:8722 mu:956 ' +
    'nabla:8711 nbsp:160 ndash:8211 ne:8800 ni:8715 not:172 notin:8713 nsub:8836 ntilde:241 ' +
    'nu:957 oacute:243 ocirc:244 oelig:339 ograve:242 oline:8254 omega:969 omicron:959 oplus:8853 ' +
    'or:8744 ordf:170 ordm:186 oslash:248 otilde:245 otimes:8855 ouml:246 para:182 part:8706 ' +
    'permil:8240 perp:8869 phi:966 pi:960 piv:982 plusmn:177 pound:163 prime:8242 prod:8719 ' +
    'prop:8733 psi:968 quot:34 rArr:8658 radic:8730 rang:10217 raquo:187 rarr:8594 rceil:8969 ' +
    'rdquo:8221 real:8476 reg:174 rfloor:8971 rho:961 rlm:8207 rsaquo:8250 rsquo:8217 sbquo:8218 ' +
    'scaron:353 sdot:8901 sect:167 shy:173 sigma:963 sigmaf:962 sim:8764 spades:9824 sub:8834 ' +
    'sube:8838 sum:8721 sup:8835 sup1:185 sup2:178 sup3:179 supe:8839 szlig:223 tau:964 ' +
    'there4:8756 theta:952 thetasym:977 thinsp:8201 thorn:254 tilde:732 times:215 trade:8482 uArr:8657 ' +
    'uacute:250 uarr:8593 ucirc:251 ugrave:249 uml:168 upsih:978 upsilon:965 uuml:252 weierp:8472 ' +
    'xi:958 yacute:253 yen:165 yuml:255 zeta:950 zwj:8205 zwnj:8204 ' +
    ''
  )
    .trim()
    .split(' ')
    .map((entry) => {
      const [name = '', point = ''] = entry.split(':');
      return [name, Number(point)] as const;
    }),
);

/** The names html.unescape decodes without their `;`. */
export const LEGACY_ENTITIES: ReadonlySet<string> = new Set(
  (
    'AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute ' +
    'Ecirc Egrave Euml GT Iacute Icirc Igrave Iuml LT Ntilde Oacute Ocirc ' +
    'Ograve Oslash Otilde Ouml QUOT REG THORN Uacute Ucirc Ugrave Uuml Yacute ' +
    'aacute acirc acute aelig agrave amp aring atilde auml brvbar ccedil cedil ' +
    'cent copy curren deg divide eacute ecirc egrave eth euml frac12 frac14 ' +
    'frac34 gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro ' +
    'middot nbsp not ntilde oacute ocirc ograve ordf ordm oslash otilde ouml ' +
    'para plusmn pound quot raquo reg sect shy sup1 sup2 sup3 szlig ' +
    'thorn times uacute ucirc ugrave uml uuml yacute yen yuml ' +
    ''
  )
    .trim()
    .split(' '),
);

/** Numeric references html.unescape replaces (the Windows-1252 range, NUL and CR). */
export const INVALID_CHARREFS: ReadonlyMap<number, number> = new Map([
  [0x0, 0xfffd],
  [0xd, 0xd],
  [0x80, 0x20ac],
  [0x81, 0x81],
  [0x82, 0x201a],
  [0x83, 0x192],
  [0x84, 0x201e],
  [0x85, 0x2026],
  [0x86, 0x2020],
  [0x87, 0x2021],
  [0x88, 0x2c6],
  [0x89, 0x2030],
  [0x8a, 0x160],
  [0x8b, 0x2039],
  [0x8c, 0x152],
  [0x8d, 0x8d],
  [0x8e, 0x17d],
  [0x8f, 0x8f],
  [0x90, 0x90],
  [0x91, 0x2018],
  [0x92, 0x2019],
  [0x93, 0x201c],
  [0x94, 0x201d],
  [0x95, 0x2022],
  [0x96, 0x2013],
  [0x97, 0x2014],
  [0x98, 0x2dc],
  [0x99, 0x2122],
  [0x9a, 0x161],
  [0x9b, 0x203a],
  [0x9c, 0x153],
  [0x9d, 0x9d],
  [0x9e, 0x17e],
  [0x9f, 0x178],
]);

/** Code points html.unescape drops, as inclusive ranges. */
export const DROPPED_CODEPOINTS: readonly (readonly [number, number])[] = [
  [0x1, 0x8],
  [0xb, 0xb],
  [0xe, 0x1f],
  [0x7f, 0x9f],
  [0xfdd0, 0xfdef],
  [0xfffe, 0xffff],
  [0x1fffe, 0x1ffff],
  [0x2fffe, 0x2ffff],
  [0x3fffe, 0x3ffff],
  [0x4fffe, 0x4ffff],
  [0x5fffe, 0x5ffff],
  [0x6fffe, 0x6ffff],
  [0x7fffe, 0x7ffff],
  [0x8fffe, 0x8ffff],
  [0x9fffe, 0x9ffff],
  [0xafffe, 0xaffff],
  [0xbfffe, 0xbffff],
  [0xcfffe, 0xcffff],
  [0xdfffe, 0xdffff],
  [0xefffe, 0xeffff],
  [0xffffe, 0xfffff],
  [0x10fffe, 0x10ffff],
];
