#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its encoding.h would pull the system <unicode/ucnv.h>, whose
   UErrorCode clashes with Foundation's private ICU copy. Hiding ICU only drops two trailing
   pointer fields of xmlCharEncodingHandler from Swift's view, so never allocate that struct. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
/* Types and constants only: mua-fix opens libxml2 with dlopen on first use (LibXML2.swift), so
   nothing here may call into libxml2 directly. */
#endif
