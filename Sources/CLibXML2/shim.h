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
/* xmlFree is a mutable global function pointer, which Swift 6 refuses to touch. */
static inline void clibxml2_free(void *p) { xmlFree(p); }
#endif
